import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { objectsIn, TestAgent } from './test-agent/test-agent';

const CLI = resolve(__dirname, '../dist/cli.js');

/** Starts the compiled `sim:sif` command and resolves with the zone URL it prints once ready. */
function startCli(args: string[]): Promise<{ process: ChildProcess; zoneUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /^SIF zone ready: (http:\/\/127\.0\.0\.1:\d+\/zone\/\S+)$/m.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolveStart({ process: child, zoneUrl: ready[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sim:sif exited with ${String(code)}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  child.kill('SIGTERM');
  return exited;
}

async function studentsServed(zoneUrl: string): Promise<string[]> {
  const agent = new TestAgent(zoneUrl, 'sisbridge');
  expect((await agent.register()).result).toEqual({ status: 0 });
  await agent.request('StudentPersonal', { maxBufferSize: 65_536 });
  return (await agent.drain()).flatMap((packet) => objectsIn(packet.body).map((object) => object.attributes['RefId'] ?? ''));
}

describe('npm run sim:sif', () => {
  let dir: string;
  const running: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-sif-cli-'));
  });
  afterEach(async () => {
    for (const child of running.splice(0)) await stop(child);
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the zone URL when ready, exports with --export, serves the export with --data, and stops on SIGTERM', async () => {
    const generated = await startCli([
      '--size',
      'tiny',
      '--seed',
      '5',
      '--school-year',
      '2026',
      '--export',
      dir,
      '--zone-id',
      'District_Zone',
    ]);
    running.push(generated.process);
    expect(generated.zoneUrl).toMatch(/\/zone\/District_Zone$/);
    expect(generated.output()).toContain('district written as SIF XML to');
    expect(await readdir(dir)).toContain('StudentSectionEnrollment.xml');
    const fromGenerated = await studentsServed(generated.zoneUrl);

    const replayed = await startCli(['--data', dir, '--quiet']);
    running.push(replayed.process);
    expect(replayed.output().trim()).toBe(`SIF zone ready: ${replayed.zoneUrl}`);
    expect(await studentsServed(replayed.zoneUrl)).toEqual(fromGenerated);
    expect(await stop(generated.process)).toBe(0);
  });

  it('with --data, says which files it refuses and which objects it serves as written, and serves the rest', async () => {
    const generated = await startCli(['--size', 'tiny', '--seed', '5', '--school-year', '2026', '--export', dir, '--quiet']);
    running.push(generated.process);
    const fromGenerated = await studentsServed(generated.zoneUrl);
    const students = await readFile(join(dir, 'StudentPersonal.xml'), 'utf8');
    await writeFile(join(dir, 'StudentPersonal.xml'), students.replace(/<Name [^]*?<\/Name>/, ''));
    await writeFile(join(dir, 'export.log.xml'), 'export done');

    const replayed = await startCli(['--data', dir]);
    running.push(replayed.process);
    expect(replayed.output()).toMatch(/file refused: export\.log\.xml: not well-formed XML/);
    expect(replayed.output()).toMatch(
      /served as written: StudentPersonal\.xml: StudentPersonal [0-9A-F]{32}: missing mandatory element Name/,
    );
    // Every student, the broken one included (objects the model cannot hold come after the others).
    expect((await studentsServed(replayed.zoneUrl)).sort()).toEqual(fromGenerated.sort());
  });

  it('with --event-rate, publishes a school day of changes and says when the stream stops', async () => {
    const zone = await startCli(['--size', 'tiny', '--seed', '5', '--event-rate', '6000', '--event-total', '12', '--event-start', 'now']);
    running.push(zone.process);
    const deadline = Date.now() + 30_000;
    while (!/event stream stopped/.test(zone.output())) {
      if (Date.now() > deadline) throw new Error(`the stream did not stop:\n${zone.output()}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    expect(zone.output()).toMatch(/event stream: #1 \S+ \(\d+ events, to nobody\)/);
    expect(zone.output()).toMatch(
      /event stream stopped \(total\): \d+ events in \d+ changes; report at http:\/\/127\.0\.0\.1:\d+\/__admin\/events\/stream/,
    );
    const report = (await (await fetch(zone.zoneUrl.replace(/\/zone\/.*$/, '/__admin/events/stream'))).json()) as {
      events: number;
      stopReason: string;
    };
    expect(report.stopReason).toBe('total');
    expect(report.events).toBeGreaterThanOrEqual(12);
  });

  it('refuses bad flags with a sentence and a non-zero exit', async () => {
    await expect(startCli(['--faults', '5xx=often'])).rejects.toThrow(/--faults: 5xx must be a share between 0 and 1 \(got "often"\)/);
    await expect(startCli(['--event-rate', '60', '--event-mix', 'homework=1'])).rejects.toThrow(/--event-mix.*a mix is kind=weight pairs/);
    await expect(startCli(['--data', join(dir, 'missing')])).rejects.toThrow(
      /sim:sif: cannot read a district from .*missing: no such directory/,
    );
  });
});
