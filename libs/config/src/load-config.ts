import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Validates `env` against `schema` once, at start-up, and returns the typed configuration.
 *
 * Empty strings count as "not set", because `FOO=` in a Kubernetes manifest or a `.env` file
 * almost always means "use the default", never "use the empty string".
 */
export function loadConfig<Schema extends z.ZodObject>(component: string, schema: Schema, env: Env = process.env): z.output<Schema> {
  const input: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0] ?? '(root)');
    if (seen.has(variable)) continue;
    seen.add(variable);
    const description = describe(schema.shape[variable] as z.ZodType | undefined) ?? issue.message;
    const isSecret = description.endsWith('(secret)');
    const raw = input[variable];
    problems.push({
      variable,
      expected: description,
      received: raw === undefined ? undefined : isSecret ? 'a value that is not valid' : JSON.stringify(raw),
    });
  }
  throw new ConfigError(component, problems);
}

/**
 * The description of a field, looking through wrappers (`.default()`, `.optional()`) and into
 * the input side of `.pipe()`, where the field builders put it.
 */
function describe(field: z.ZodType | undefined): string | undefined {
  let current: z.ZodType | undefined = field;
  while (current) {
    if (current.description) return current.description;
    const def = (current as unknown as { _zod?: { def?: { innerType?: z.ZodType; in?: z.ZodType } } })._zod?.def;
    current = def?.innerType ?? def?.in;
  }
  return undefined;
}
