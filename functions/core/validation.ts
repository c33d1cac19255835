import type { z } from 'zod';

/** Each zod issue as `field.path: message`, so an error names what is wrong and where. */
export function describeIssues(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((i) => `${i.path.join('.') || root}: ${i.message}`);
}
