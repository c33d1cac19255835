import { describe, expect, it } from 'vitest';
import catalogueJson from '../../functions/core/catalogue/indicators.json' with { type: 'json' };
import { CATALOGUE, parseCatalogue } from '../../functions/core/catalogue';
import { InvalidInputError } from '../../functions/core/errors';

/** The shipped catalogue with one indicator changed by `change`. */
function withFirstIndicator(change: (indicator: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(catalogueJson) as { indicators: Record<string, unknown>[] };
  change(copy.indicators[0] as Record<string, unknown>);
  return copy;
}

function errorOf(input: unknown): string {
  try {
    parseCatalogue(input, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('the catalogue was accepted');
}

describe('the indicator catalogue', () => {
  it('ships a valid catalogue with a goal for every indicator in every year it covers', () => {
    expect(() => parseCatalogue(catalogueJson)).not.toThrow();
    expect(CATALOGUE.indicators.length).toBeGreaterThan(0);
    const years = new Set(CATALOGUE.indicators.flatMap((i) => Object.keys(i.goals)));
    for (const indicator of CATALOGUE.indicators) expect(Object.keys(indicator.goals).sort()).toEqual([...years].sort());
  });

  it('names the field when a label is missing', () => {
    expect(errorOf(withFirstIndicator((i) => delete i.label))).toMatch(/^test\.json is not a valid indicator catalogue:\n {2}indicators\.0\.label: /);
  });

  it('names the field when a unit or aggregation is not one it knows', () => {
    expect(errorOf(withFirstIndicator((i) => (i.unit = 'euro')))).toContain('indicators.0.unit');
    expect(errorOf(withFirstIndicator((i) => (i.aggregation = 'median')))).toContain('indicators.0.aggregation');
  });

  it('refuses suppression of a percentage', () => {
    const message = errorOf(withFirstIndicator((i) => Object.assign(i, { unit: 'percentage', suppress: true })));
    expect(message).toContain('indicators.0.suppress: suppression applies to counts');
  });

  it('refuses a negative goal, a goal year that is not a year, and an unknown field', () => {
    expect(errorOf(withFirstIndicator((i) => (i.goals = { 2026: -1 })))).toContain('indicators.0.goals.2026');
    expect(errorOf(withFirstIndicator((i) => (i.goals = { volgend: 1 })))).toContain('indicators.0.goals');
    expect(errorOf(withFirstIndicator((i) => (i.colour = 'red')))).toContain('indicators.0');
  });

  it('refuses two indicators with the same id and a catalogue without version', () => {
    const copy = structuredClone(catalogueJson) as { version?: number; indicators: { id: string }[] };
    (copy.indicators[1] as { id: string }).id = copy.indicators[0]?.id ?? '';
    expect(errorOf(copy)).toContain('indicators: indicator ids must be unique');
    delete copy.version;
    expect(errorOf(copy)).toContain('version');
  });
});
