import { z } from 'zod';
import { ConfigError, env, loadConfig } from './index';

const schema = z.object({
  DATABASE_URL: env.postgresUrl(),
  TEMPORAL_ADDRESS: env.temporalAddress().default('127.0.0.1:7233'),
  PORT: env.port(3001),
  API_TOKEN: env.secret('a Canvas API token').optional(),
  VERBOSE: env.boolean(false),
});

function problemLine(environment: Record<string, string>): string {
  try {
    loadConfig('sif-ingest', schema, environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig('sif-ingest', schema, { DATABASE_URL: 'postgres://u@db:5432/sisbridge', VERBOSE: 'yes' });
    expect(config).toEqual({
      DATABASE_URL: 'postgres://u@db:5432/sisbridge',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      PORT: 3001,
      API_TOKEN: undefined,
      VERBOSE: true,
    });
  });

  it('names a missing variable and what it must be, on one line', () => {
    const line = problemLine({});
    expect(line).toBe(
      'sif-ingest: invalid configuration: DATABASE_URL must be a postgres:// URL with a host and a database name, e.g. postgres://user@127.0.0.1:5432/sisbridge (it is not set)',
    );
    expect(line).not.toContain('\n');
  });

  it('treats an empty value as not set', () => {
    expect(problemLine({ DATABASE_URL: '' })).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('reports every malformed variable, each with what was received', () => {
    const line = problemLine({ DATABASE_URL: 'mysql://db/x', TEMPORAL_ADDRESS: 'temporal', PORT: '70000' });
    expect(line).toContain(
      'DATABASE_URL must be a postgres:// URL with a host and a database name, e.g. postgres://user@127.0.0.1:5432/sisbridge (got "mysql://db/x")',
    );
    expect(line).toContain('TEMPORAL_ADDRESS must be host:port of the Temporal frontend, e.g. 127.0.0.1:7233 (got "temporal")');
    expect(line).toContain('PORT must be a TCP port number between 1 and 65535 (got "70000")');
    expect(line).not.toContain('\n');
  });

  it('never echoes a secret', () => {
    const secretSchema = z.object({ API_TOKEN: env.secret('a Canvas API token').pipe(z.string().min(20)) });
    try {
      loadConfig('canvas-provisioner', secretSchema, { API_TOKEN: 'short-secret' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toContain('API_TOKEN must be a Canvas API token (secret) (got a value that is not valid)');
      expect((error as Error).message).not.toContain('short-secret');
    }
  });

  it('rejects a database URL without a database name', () => {
    expect(problemLine({ DATABASE_URL: 'postgres://u@db:5432/' })).toContain('DATABASE_URL must be');
  });
});
