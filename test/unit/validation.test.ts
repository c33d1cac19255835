import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../functions/core/validation';

describe('validation messages', () => {
  it('name the field of each problem by its path', () => {
    const result = z.object({ run: z.object({ period: z.string() }), count: z.number() }).safeParse({ run: { period: 9 }, count: 'x' });
    expect(result.success).toBe(false);
    expect(describeIssues((result as { error: z.ZodError }).error).map((m) => m.split(':')[0])).toEqual(['run.period', 'count']);
  });

  it('name the whole input "(root)" when it is wrong as a whole, or what the caller calls it', () => {
    const result = z.object({}).safeParse('tekst');
    const error = (result as { error: z.ZodError }).error;
    expect(describeIssues(error)[0]).toMatch(/^\(root\): /);
    expect(describeIssues(error, '(event)')[0]).toMatch(/^\(event\): /);
  });
});
