import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContext } from './cli-context';

describe("the CLI's environment beside a running local stack", () => {
  let dataDir: string;
  let districtsFile: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sisbridge-cli-context-'));
    districtsFile = join(dataDir, 'districts.yaml');
    writeFileSync(
      districtsFile,
      [
        'districts:',
        '  - id: sandbox',
        '    name: Sandbox',
        '    timeZone: America/Chicago',
        '    sif: { zoneUrl: "http://127.0.0.1:7070/zone/SandboxZone" }',
        '    canvas: { baseUrl: "http://127.0.0.1:7080", rootAccountId: 1, tokenEnv: CANVAS_TOKEN_SANDBOX }',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function writeStackFile(pid: number): void {
    writeFileSync(
      join(dataDir, 'local-stack.json'),
      JSON.stringify({ pid, env: { TEMPORAL_ADDRESS: '127.0.0.1:17233', TEMPORAL_NAMESPACE: 'default', DISTRICTS_FILE: districtsFile } }),
    );
  }

  it('finds the districts file and Temporal the running stack wrote, so a command needs no --district', () => {
    writeStackFile(process.pid);
    const context = new CliContext({ SISBRIDGE_DATA_DIR: dataDir });
    expect(context.config.TEMPORAL_ADDRESS).toBe('127.0.0.1:17233');
    expect(context.district(undefined)).toBe('sandbox');
  });

  it('lets the environment win over the stack file', () => {
    writeStackFile(process.pid);
    const context = new CliContext({ SISBRIDGE_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '10.0.0.5:7233' });
    expect(context.config.TEMPORAL_ADDRESS).toBe('10.0.0.5:7233');
    expect(context.district(undefined)).toBe('sandbox');
  });

  it('ignores the file of a stack that is no longer running, and says how to name a district', () => {
    // A pid far above any pid_max: no such process.
    writeStackFile(2 ** 30);
    const context = new CliContext({ SISBRIDGE_DATA_DIR: dataDir });
    expect(context.config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(() => context.district(undefined)).toThrow(
      'name a district with --district (or set DISTRICTS_FILE, or run this beside `npm start` in the checkout)',
    );
  });
});
