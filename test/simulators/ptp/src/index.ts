export {
  startPtpSimulator,
  DEFAULT_PTP_CLIENT_ID,
  DEFAULT_PTP_CLIENT_SECRET,
  type PtpSimulator,
  type PtpSimulatorOptions,
} from './ptp-simulator';
export { DEFAULT_READINGS, parseReadings, type PtpReadings } from './ptp-readings';
export { loadPtpDistrict, type LoadedPtpDistrict, type PtpDistrictSource } from './district/load-district';
export type { PtpStore, TermLocks } from './model/ptp-store';
export type { AssignmentRecord, AssignmentSectionRecord, ScoreRecord } from './model/gradebook-records';
export { MAX_NAME_LENGTH, MAX_POINT_VALUE } from './gradebook/assignment-input';
export { SCORE_CODES } from './gradebook/score-codes';
