export { startCanvasSimulator, DEFAULT_CANVAS_TOKEN, type CanvasSimulator, type CanvasSimulatorOptions } from './canvas-simulator';
export { CANVAS_THROTTLE_DEFAULTS, type ThrottleSettings } from './http/leaky-bucket';
export { DEFAULT_SIS_ACCOUNT_SETTINGS, type SisAccountSettings, type CanvasStore } from './model/canvas-store';
export type { SnapshotValue } from './model/snapshot';
export { seedGradebook, type GradebookSeedOptions, type GradebookSeedResult, type SeededAssignment } from './seed/seed-gradebook';
export { LONG_ASSIGNMENT_NAME, SEED_GROUPS, type SeedCase } from './seed/gradebook-plan';
export { zipCsvs } from './seed/zip-csvs';
export { HeldImportStages } from './testing/held-import-stages';
