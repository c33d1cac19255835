import { describe, expect, it } from 'vitest';
import { benchmarkKey, figureKey, planImport } from '../../functions/core/import-plan';

describe('planImport: what an import writes', () => {
  const inForce = [
    { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 800 },
    { municipality: 'Tiel', indicator: 'bijstand', month: '2026-10', value: 790 },
  ];

  it('writes new and changed values only, and counts the unchanged ones', () => {
    const incoming = [
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 800 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-10', value: 795 },
      { municipality: 'Buren', indicator: 'bijstand', month: '2026-10', value: 300 },
    ];
    const plan = planImport(incoming, inForce, figureKey);
    expect(plan.counts).toEqual({ rows: 3, new: 1, changed: 1, unchanged: 1 });
    expect(plan.toWrite).toEqual(incoming.slice(1));
  });

  it('writes nothing for a file equal to what is in force', () => {
    expect(planImport(inForce, inForce, figureKey)).toEqual({ toWrite: [], counts: { rows: 2, new: 0, changed: 0, unchanged: 2 } });
  });

  it('keys benchmarks by indicator and year', () => {
    const plan = planImport([{ indicator: 'bijstand', year: 2026, value: 1 }], [{ indicator: 'bijstand', year: 2025, value: 1 }], benchmarkKey);
    expect(plan.counts.new).toBe(1);
  });
});
