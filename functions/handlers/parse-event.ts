import type { z } from 'zod';
import { InvalidInputError } from '../core/errors';
import { describeIssues } from '../core/validation';

/** Validates a Lambda event; the error names every field that is wrong. */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidInputError(`${what} is invalid: ${describeIssues(parsed.error, '(event)').join('; ')}`);
  }
  return parsed.data;
}
