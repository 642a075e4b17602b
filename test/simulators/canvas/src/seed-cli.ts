#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CANVAS_TOKEN } from './canvas-simulator';
import { seedGradebook } from './seed/seed-gradebook';

/**
 * `npm run sim:canvas:seed -- --url http://127.0.0.1:4100 [--course sis_course_id:X]`: builds a
 * teacher's gradebook through the Canvas API and prints what it made as JSON.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command('sim:canvas:seed')
    .description("Seed a teacher's gradebook (assignment groups, post_to_sis assignments, grades) through the Canvas API.")
    .option('--url <url>', 'the Canvas (simulator) base URL', 'http://127.0.0.1:4100')
    .option('--token <token>', 'API token', DEFAULT_CANVAS_TOKEN)
    .option('--course <id>', 'course id or sis_course_id:…; without it a demo course is imported first')
    .option('--seed <n>', 'makes names and scores reproducible', integer, 1)
    .option('--categories <pairs>', 'PTP teacher category ids for the linked groups, e.g. Homework=5120,Quiz=5121,Test=5122', categories)
    .parse(argv);
  const options = program.opts<{ url: string; token: string; course?: string; seed: number; categories?: Record<string, string> }>();
  const result = await seedGradebook({
    url: options.url,
    token: options.token,
    course: options.course,
    seed: options.seed,
    categoryIds: options.categories,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function integer(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || String(parsed) !== value.trim()) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}

function categories(value: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, id] = part.split('=', 2);
    if (!name || !id) throw new InvalidArgumentError('expected Name=id pairs separated by commas');
    pairs[name] = id;
  }
  return pairs;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`sim:canvas:seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
