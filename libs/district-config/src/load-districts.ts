import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '@sisbridge/config';
import { districtsFileSchema, type DistrictConfig } from './district-schema';

/**
 * Reads and validates the districts file (YAML or JSON) named by DISTRICTS_FILE. Every problem
 * is reported at once, each with its path in the file, on one line.
 */
export function loadDistrictsFile(component: string, path: string): DistrictConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(component, [
      {
        variable: 'DISTRICTS_FILE',
        expected: 'a readable YAML or JSON file',
        received: `${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(component, [
      { variable: path, expected: 'valid YAML or JSON', received: (error as Error).message.split('\n')[0] },
    ]);
  }
  return parseDistricts(component, path, raw);
}

export function parseDistricts(component: string, source: string, raw: unknown): DistrictConfig[] {
  const result = districtsFileSchema.safeParse(raw);
  if (result.success) return result.data.districts;
  throw new ConfigError(
    component,
    result.error.issues.map((issue) => toProblem(source, raw, issue)),
  );
}

function toProblem(source: string, raw: unknown, issue: z.core.$ZodIssue): ConfigProblem {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    return {
      variable: `${source}: ${path || '(top level)'}`,
      expected: 'free of unknown settings (a typo?)',
      received: issue.keys.join(', '),
    };
  }
  const value = valueAt(raw, issue.path);
  const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  return {
    variable: `${source}: ${path || '(top level)'}`,
    expected: expectation(issue),
    received: value === undefined || !scalar ? undefined : JSON.stringify(value).slice(0, 80),
  };
}

/** Zod's issue as the words after "… must be": the schema's own message, or one built from the issue. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'number' ? `at least ${String(issue.minimum)}` : issue.message;
    case 'too_big':
      return issue.origin === 'number' ? `at most ${String(issue.maximum)}` : issue.message;
    default:
      return issue.message;
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
