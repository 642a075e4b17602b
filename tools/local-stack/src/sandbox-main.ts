import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '@sisbridge/config';
import { startSandbox } from './sandbox-simulators';
import { loadStackConfig } from './stack-config';
import { SANDBOX_DISTRICTS, stackDistricts, writeStackDistricts } from './stack-districts';

/**
 * `npm run sandbox [-- --sif-data DIR]`: the three simulators (SIF zone, Canvas, PowerTeacher Pro)
 * on one district, without sisbridge itself — for trying a client against them, or pointing a
 * sisbridge running elsewhere at them. Prints their URLs and credentials, and writes the districts
 * file and the environment sisbridge's services would need; Ctrl-C stops them.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('npm run sandbox --')
    .description('Start the SIF zone, Canvas and PowerTeacher Pro simulators on one district')
    .option('--sif-data <dir>', 'serve the district from a directory of SIF XML files instead of generating one')
    .parse(process.argv);
  const options = program.opts<{ sifData?: string }>();
  const sifData = options.sifData === undefined ? undefined : resolve(process.env['INIT_CWD'] ?? process.cwd(), options.sifData);
  const config = loadStackConfig();
  const dir = mkdtempSync(join(tmpdir(), 'sisbridge-sandbox-'));
  const sandbox = await startSandbox({
    ports: { sif: config.SIF_SIMULATOR_PORT, canvas: config.CANVAS_SIMULATOR_PORT, ptp: config.PTP_SIMULATOR_PORT },
    sifData,
  });
  const districts = stackDistricts(
    SANDBOX_DISTRICTS,
    'the sandbox district',
    sandbox.systems(`http://127.0.0.1:${config.SIF_INGEST_PORT}`),
    process.env,
  );
  const districtsFile = join(dir, 'districts.sandbox.yaml');
  writeStackDistricts(districtsFile, districts, 'the sandbox district');
  const envFile = join(dir, 'districts.sandbox.env');
  writeFileSync(
    envFile,
    Object.entries({ DISTRICTS_FILE: districtsFile, ...districts.secrets })
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    `sandbox district: ${sandbox.district.lea.leaName}, SchoolYear ${sandbox.district.schoolYear}${sifData ? ` (from ${sifData})` : ''}`,
  );
  print(`  SIF zone                ${sandbox.sif.zoneUrl}   (admin: ${sandbox.sif.url}/__admin/state)`);
  for (const note of sandbox.sifDataNotes) print(`                          ${note}`);
  print(`  Canvas                  ${sandbox.canvas.url}   token ${sandbox.canvas.token}, root account ${sandbox.canvas.rootAccountId}`);
  print(`  PowerTeacher Pro        ${sandbox.ptp.url}   client id ${sandbox.ptp.clientId}, secret ${sandbox.ptp.clientSecret}`);
  print(`  districts file          ${districtsFile}   (what sisbridge's services would read)`);
  print(`  its secrets             ${envFile}   (the environment they would need)`);
  print('Ctrl-C stops the simulators.');
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
