import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Checks a request body against a zod schema and hands on the parsed value. A refusal is a 400
 * whose `message` lists each problem as "field: what is wrong" (an unknown field as
 * `unknown field "name"`), so a caller can fix every one at once.
 */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const problems = result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `unknown field "${key}"`)
        : [`${issue.path.join('.') || 'body'}: ${issue.message}`],
    );
    throw new BadRequestException(problems);
  }
}
