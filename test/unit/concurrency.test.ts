import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../functions/core/concurrency';

/** A call that finishes after `ms`, recording how many calls were in flight at its start. */
function tracked() {
  let inFlight = 0;
  const seen: number[] = [];
  const call = async (ms: number, index: number) => {
    inFlight++;
    seen.push(inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    return `${index}:${ms}`;
  };
  return { call, seen };
}

describe('mapping with a limit on calls in flight', () => {
  it('keeps the input order even when later calls finish first', async () => {
    // Prepare
    const { call } = tracked();
    // Act
    const results = await mapWithConcurrency([30, 1, 15, 2], 3, call);
    // Assess
    expect(results).toEqual(['0:30', '1:1', '2:15', '3:2']);
  });

  it('never has more calls in flight than the limit, and uses the limit', async () => {
    // Prepare
    const { call, seen } = tracked();
    // Act
    await mapWithConcurrency([5, 5, 5, 5, 5, 5, 5], 3, call);
    // Assess
    expect(Math.max(...seen)).toBe(3);
    expect(seen).toHaveLength(7);
  });

  it('runs one at a time with a limit below one, and returns nothing for nothing', async () => {
    // Prepare
    const { call, seen } = tracked();
    // Act
    const results = await mapWithConcurrency([1, 1, 1], 0, call);
    const none = await mapWithConcurrency([], 4, call);
    // Assess
    expect(results).toEqual(['0:1', '1:1', '2:1']);
    expect(seen).toEqual([1, 1, 1]);
    expect(none).toEqual([]);
  });
});
