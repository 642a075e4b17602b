/**
 * What the Jest global setup shares with every test file, through environment variables
 * (the only channel from globalSetup to Jest's worker processes).
 */
export const TEST_ENV = {
  temporalAddress: 'SISBRIDGE_TEST_TEMPORAL_ADDRESS',
  postgresServerUrl: 'SISBRIDGE_TEST_POSTGRES_URL',
  temporalCli: 'SISBRIDGE_TEST_TEMPORAL_CLI',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) {
    throw new Error(
      `${TEST_ENV[name]} is not set: run the tests through Jest with the repo's jest.config.js (its global setup starts Temporal and finds Postgres)`,
    );
  }
  return value;
}
