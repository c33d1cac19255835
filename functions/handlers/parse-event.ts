import type { z } from 'zod';
import { InvalidInputError } from '../core/errors';

/** Validates a Lambda event; the error names every field that is wrong. */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidInputError(`${what} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
