import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { CLOUD, EVERYTHING, SELF_HOSTED } from './chart-objects';
import { CHART_DIR } from './helm';
import { asArray, at } from './manifest-lint';
import { REPO_ROOT } from './paths';

const execFileAsync = promisify(execFile);

/**
 * The runbook, the READMEs and the chart's setup commands name `sisbridge` commands and flags; each
 * must be one the operator CLI (as built, what every image ships) has. Written from the CLI's own
 * help, so a renamed flag or a command used for what it does not do fails here, not at 2 a.m.
 */

const CLI = join(REPO_ROOT, 'tools/cli/dist/main.js');
const DOCUMENTS = ['docs/operations.md', 'deploy/README.md', 'deploy/helm/sisbridge/README.md'];

interface Use {
  where: string;
  words: string[];
}

/** `sisbridge <words…>` in code spans and code blocks (not `-n sisbridge`, the namespace). */
function usesIn(file: string): Use[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const code = [...text.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].map((match) => match[0]);
  const uses: Use[] = [];
  for (const snippet of code) {
    for (const line of snippet.split('\n')) {
      for (const match of line.matchAll(/(?<![-/.\w]|-n |--namespace )sisbridge ((?:[^\s`|#]+ ?)+)/g)) {
        const words = (match[1] ?? '').trim().split(/\s+/);
        if (/^[a-z][a-z-]*$/.test(words[0] ?? '')) uses.push({ where: `${file}: ${line.trim()}`, words });
      }
    }
  }
  return uses;
}

/** `extraCommands` and the setup commands in the values files: each a CLI invocation too. */
function valuesCommands(): Use[] {
  const uses: Use[] = [];
  for (const file of ['values.yaml', SELF_HOSTED, CLOUD, EVERYTHING]) {
    const values = parseYaml(readFileSync(resolve(CHART_DIR, file), 'utf8')) as unknown;
    for (const command of asArray(at(values, 'temporalSetup', 'extraCommands')))
      uses.push({ where: `${file}: extraCommands`, words: asArray(command).map(String) });
  }
  // What the chart itself runs: `schedules apply [--prune]`.
  uses.push(
    { where: 'job-temporal-setup.yaml', words: ['setup-temporal'] },
    { where: 'job-temporal-setup.yaml', words: ['schedules', 'apply', '--prune'] },
  );
  return uses;
}

const helpCache = new Map<string, Promise<string>>();
function help(path: string[]): Promise<string> {
  const key = path.join(' ');
  let cached = helpCache.get(key);
  if (!cached) {
    cached = execFileAsync(process.execPath, [CLI, ...path, '--help'], { env: { PATH: process.env['PATH'] ?? '' } }).then(
      ({ stdout }) => stdout,
    );
    helpCache.set(key, cached);
  }
  return cached;
}
/** The commands a help text lists. */
function commandsOf(text: string): string[] {
  const section = text.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1] ?? '').filter((name) => name !== 'help');
}

const USES = [...DOCUMENTS.flatMap(usesIn), ...valuesCommands()];

describe('the sisbridge commands the runbook, the READMEs and the chart use', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build)`);
  });

  it('are found, in number (the runbook walks through every operator command)', () => {
    const commands = new Set(USES.map((use) => use.words[0]));
    for (const command of [
      'setup-temporal',
      'schedules',
      'schedule',
      'provision',
      'runs',
      'approve',
      'reject',
      'passback',
      'report',
      'categories',
    ])
      expect([command, commands.has(command)]).toEqual([command, true]);
  });

  it('name commands and flags the CLI has', async () => {
    const top = commandsOf(await help([]));
    const problems: string[] = [];
    for (const use of USES) {
      const [command = '', next = ''] = use.words;
      if (!top.includes(command)) {
        problems.push(`${use.where}: no command "${command}"`);
        continue;
      }
      const subcommands = commandsOf(await help([command]));
      const alternatives = subcommands.length > 0 ? next.replace(/[[\]]/g, '').split('|') : [''];
      for (const subcommand of alternatives) {
        if (subcommands.length > 0 && !subcommands.includes(subcommand)) {
          problems.push(`${use.where}: "${command}" has no subcommand "${subcommand}"`);
          continue;
        }
        const text = await help(subcommand ? [command, subcommand] : [command]);
        for (const flag of use.words.flatMap((word) => [...word.matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]))) {
          if (!new RegExp(`(^|[\\s,])${flag}\\b`, 'm').test(text))
            problems.push(`${use.where}: "${[command, subcommand].join(' ').trim()}" has no flag ${flag}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('give `report` only passback runs (provisioning runs are read with `runs` and Temporal UI)', () => {
    const reports = USES.filter((use) => use.words[0] === 'report').map((use) => [use.where, use.words[1] ?? '']);
    expect(reports.length).toBeGreaterThan(0);
    for (const [where, run] of reports) expect([where, /^(passback-|RUN$|[0-9a-f]{8}-|\[?--)/.test(run ?? '')]).toEqual([where, true]);
  });
});
