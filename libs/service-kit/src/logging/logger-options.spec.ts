import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoOptions } from './logger-options';

/** A service logger (the options every service uses) writing into memory; each line parsed. */
function serviceLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino(pinoOptions('sif-ingest', 'info'), sink);
  return { logger, lines, last: () => JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown> };
}

const EMAIL = 'jane.doe@springfield.k12.example';

describe('service logs', () => {
  it('censor personal-data keys at the top level, one level down and any depth further', () => {
    const { logger, lines, last } = serviceLogger();
    logger.info({ email: EMAIL, districtId: 'springfield' }, 'top level');
    expect(last()).toMatchObject({ email: '[redacted]', districtId: 'springfield', msg: 'top level' });
    logger.info({ run: { student: { email: EMAIL, first_name: 'Jane', LastName: 'Doe', sisId: 'S1' } } }, 'nested');
    expect(last()['run']).toEqual({ student: { email: '[redacted]', first_name: '[redacted]', LastName: '[redacted]', sisId: 'S1' } });
    logger.info({ rows: [{ user: { profile: { emailAddress: EMAIL, birthDate: '2010-01-01' } } }] }, 'in arrays');
    expect(last()['rows']).toEqual([{ user: { profile: { emailAddress: '[redacted]', birthDate: '[redacted]' } } }]);
    expect(lines.join('\n')).not.toMatch(/jane|doe|2010-01-01/i);
  });

  it('take e-mail addresses out of error messages, stacks and causes, and out of the message text', () => {
    const { logger, lines, last } = serviceLogger();
    const error = new Error(`Canvas: no user with login ${EMAIL}`, { cause: new Error(`lookup of ${EMAIL} failed`) });
    logger.error({ err: error, districtId: 'springfield' }, 'provisioning step failed');
    const logged = last()['err'] as { message: string; stack: string; cause?: { message: string } };
    expect(logged.message).toBe('Canvas: no user with login [email]: lookup of [email] failed');
    expect(logged.stack).toContain('Canvas: no user with login [email]');
    logger.error(error);
    expect(last()['msg']).toBe('Canvas: no user with login [email]');
    logger.warn(`teacher ${EMAIL} has no PowerTeacher Pro section`);
    expect(last()['msg']).toBe('teacher [email] has no PowerTeacher Pro section');
    logger.info({ detail: { reason: `bounced: ${EMAIL}` } }, 'nested text');
    expect(last()['detail']).toEqual({ reason: 'bounced: [email]' });
    expect(lines.join('\n')).not.toContain(EMAIL);
  });

  it('clean the bindings of child loggers, errors nested anywhere, and cut cycles', () => {
    const { logger, lines, last } = serviceLogger();
    const child = logger.child({ teacher: { email: EMAIL, id: 'T1' } });
    const circular: Record<string, unknown> = { id: 'c1' };
    circular['self'] = circular;
    child.info({ failure: { error: new Error(`refused for ${EMAIL}`) }, circular }, 'child');
    const line = last();
    expect(line['teacher']).toEqual({ email: '[redacted]', id: 'T1' });
    expect((line['failure'] as { error: { message: string } }).error.message).toBe('refused for [email]');
    expect(line['circular']).toEqual({ id: 'c1', self: '[circular]' });
    expect(lines.join('\n')).not.toContain(EMAIL);
  });

  it('keep what operators need: ids, counts, service and level', () => {
    const { logger, last } = serviceLogger();
    logger.info({ districtId: 'springfield', created: 3, workflowId: 'provision-springfield-2026' }, 'ready');
    expect(last()).toMatchObject({
      level: 'info',
      service: 'sif-ingest',
      districtId: 'springfield',
      created: 3,
      workflowId: 'provision-springfield-2026',
    });
  });
});
