import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  line: number;
}

export interface Stage {
  /** `FROM <image>` after ARG substitution: another stage's name or an image reference. */
  from: string;
  name: string | undefined;
  index: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Parses the subset of Dockerfile syntax this repo uses: instructions, `\` continuations, comments. */
export function parseDockerfile(path: string): Dockerfile {
  const lines = readFileSync(path, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending && trimmed.startsWith('#')) return; // comments inside a continued instruction
    const continued = trimmed.endsWith('\\');
    const text = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${text}`, line: pending.line } : { text, line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/.exec(pending.text);
      if (match) instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '', line: pending.line });
      pending = undefined;
    }
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`line ${instruction.line}: cannot parse FROM ${instruction.args}`);
      stages.push({ from: substitute(match[1] ?? '', globalArgs), name: match[2], index: stages.length, instructions: [] });
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      const [name, value] = splitOnce(instruction.args, '=');
      globalArgs[name] = value ?? '';
      continue;
    }
    current.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text.trim(), undefined] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced: string | undefined, bare: string | undefined) => args[braced ?? bare ?? ''] ?? '',
  );
}

export function stageNamed(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!stage) throw new Error(`no stage named ${name} (stages: ${dockerfile.stages.map((s) => s.name ?? `#${s.index}`).join(', ')})`);
  return stage;
}

/** The target and the stages it builds FROM, target first, ending with the one FROM an image. */
export function stageChain(dockerfile: Dockerfile, target: string): Stage[] {
  const chain: Stage[] = [];
  let stage: Stage | undefined = stageNamed(dockerfile, target);
  while (stage) {
    if (chain.includes(stage)) throw new Error(`stage cycle at ${stage.name}`);
    chain.push(stage);
    const parent: string = stage.from;
    stage = dockerfile.stages.find((candidate) => candidate.name === parent && candidate.index < (chain[chain.length - 1]?.index ?? 0));
  }
  return chain;
}

/** The image a chain finally starts FROM. */
export function baseImage(chain: Stage[]): string {
  const last = chain[chain.length - 1];
  if (!last) throw new Error('empty chain');
  return last.from;
}

/** The last instruction of a kind along a chain (what the image ends up with: USER, CMD, HEALTHCHECK, WORKDIR). */
export function effective(chain: Stage[], keyword: string): Instruction | undefined {
  for (const stage of chain) {
    const found = [...stage.instructions].reverse().find((instruction) => instruction.keyword === keyword);
    if (found) return found;
  }
  return undefined;
}

/** Every instruction of a kind along a chain, base first. */
export function all(chain: Stage[], keyword: string): Instruction[] {
  return [...chain].reverse().flatMap((stage) => stage.instructions.filter((instruction) => instruction.keyword === keyword));
}

/** ENV values along a chain (later ones win); both `ENV A=1 B=2` and `ENV A 1` forms. */
export function environment(chain: Stage[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of all(chain, 'ENV')) {
    if (/^\w+=/.test(instruction.args)) {
      for (const match of instruction.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[match[1] ?? ''] = (match[2] ?? '').replace(/^"|"$/g, '');
    } else {
      const [name, value] = splitOnce(instruction.args, ' ');
      env[name] = value ?? '';
    }
  }
  return env;
}

/** `COPY [--from=stage] [--chown=…] <src>… <dest>`. */
export interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
}

export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => {
      const words = instruction.args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      const destination = paths.pop();
      if (!destination || paths.length === 0) throw new Error(`line ${instruction.line}: COPY needs a source and a destination`);
      return { from, sources: paths, destination };
    });
}

/** A JSON-array (exec form) CMD/ENTRYPOINT/HEALTHCHECK CMD, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const start = args.indexOf('[');
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(args.slice(start));
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}
