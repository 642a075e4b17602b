// @ts-check
/**
 * One Jest run for the whole repo. Test files sit next to what they test:
 *   *.spec.ts       unit tests (no I/O)
 *   *.int-spec.ts   integration tests (real Temporal dev server, real Postgres)
 *   *.e2e-spec.ts   end-to-end tests (compiled services as processes, simulators)
 * The global setup builds the repo, starts one Temporal dev server and finds Postgres.
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

/** `@sisbridge/<name>` → that workspace's TypeScript sources, so tests never need a build. */
function workspaceModuleMap() {
  const map = {};
  const { workspaces } = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8'));
  for (const pattern of workspaces) {
    const base = pattern.replace(/\/\*$/, '');
    const dirs = pattern.endsWith('/*') ? readdirSync(join(__dirname, base)).map((d) => join(base, d)) : [base];
    for (const dir of dirs) {
      const manifest = join(__dirname, dir, 'package.json');
      if (!existsSync(manifest) || !existsSync(join(__dirname, dir, 'src/index.ts'))) continue;
      const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
      map[`^${name.replace('/', '\\/')}$`] = `<rootDir>/${dir}/src/index.ts`;
    }
  }
  return map;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/workflows', '<rootDir>/tools', '<rootDir>/test', '<rootDir>/deploy'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    ...workspaceModuleMap(),
    // kubernetes-models 5 export their files under the "import" condition only, which Jest's
    // resolver does not use for a require(); they load through Node's require(esm) once found.
    '^(kubernetes-models|@kubernetes-models/prometheus-operator)/(.+)$': [
      '<rootDir>/node_modules/$1/$2.js',
      '<rootDir>/node_modules/$1/$2/index.js',
    ],
  },
  globalSetup: '<rootDir>/test/support/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/src/jest/global-teardown.ts',
  testTimeout: 120_000,
  // Two cores: integration tests each start several processes.
  maxWorkers: 2,
};
