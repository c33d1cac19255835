import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { type Period, monthsEndingWith, nextPeriod } from '../../functions/core/periods';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { sampleFigures } from '../../functions/local/sample-data';
import { isProtected, isSmallCount, protectGroup } from '../../functions/core/suppression';
import { EXAMPLE_FILES, linkedGroups, modelFor } from '../support/model-groups';
import { leaks } from '../support/subtraction-attack';

const policy = { threshold: 5 };
const group = (values: Record<string, number | null>) => Object.entries(values).map(([municipality, value]) => ({ municipality, value }));

describe('suppression of small counts', () => {
  it('hides counts from 1 up to the threshold and shows zero and the threshold itself', () => {
    expect([0, 1, 4, 5, 6].map((v) => isSmallCount(v, policy))).toEqual([false, true, true, false, false]);
    expect(isSmallCount(9, { threshold: 10 })).toBe(true);
  });

  it('hides nothing in a group without a small count', () => {
    expect(protectGroup(group({ A: 40, B: 0, C: 7 }), policy).size).toBe(0);
  });

  it('hides the smallest value that leaves a lone small count its whole range 1–4', () => {
    // Prepare: hiding B (6) would leave 1 + 6 = 7 to a reader: with "×" at least 5, "< 5" is at
    // most 2. C (9) leaves 10: "< 5" can be anything up to 4 again.
    // Act
    const hidden = protectGroup(group({ A: 1, B: 6, C: 9, D: 40 }), policy);
    // Assess
    expect(Object.fromEntries(hidden)).toEqual({ A: 'klein', C: 'aanvulling' });
  });

  it('needs no complement when two small counts already hide each other', () => {
    // 2 + 3 = 5: either could be 1–4.
    expect(Object.fromEntries(protectGroup(group({ A: 2, B: 3, C: 50 }), policy))).toEqual({ A: 'klein', B: 'klein' });
    // 1 + 1 = 2 would tell both are 1; 4 + 4 = 8 that both are 4.
    expect(protectGroup(group({ A: 1, B: 1, C: 50, D: 60 }), policy).get('C')).toBe('aanvulling');
    expect(protectGroup(group({ A: 4, B: 4, C: 50, D: 60 }), policy).get('C')).toBe('aanvulling');
  });

  it('hides only the small counts when a figure is missing, as the organisation then shows no total', () => {
    expect(Object.fromEntries(protectGroup(group({ A: 3, B: null, C: 40 }), policy))).toEqual({ A: 'klein' });
  });

  it('takes a value of exactly the threshold as a complement when it is enough', () => {
    // Total minus shown is 4 + 5 = 9: "×" at least 5 leaves "< 5" anything from 1 to 4.
    expect(Object.fromEntries(protectGroup(group({ A: 4, B: 5, C: 40 }), policy))).toEqual({ A: 'klein', B: 'aanvulling' });
  });

  it('picks the smallest sufficient value, whatever order the municipalities come in', () => {
    // C (6) is not enough on its own; D (9) is, and hides less than B (40).
    expect(Object.fromEntries(protectGroup(group({ A: 1, B: 40, C: 6, D: 9 }), policy))).toEqual({ A: 'klein', D: 'aanvulling' });
    // Between equal values the first by name, so every run hides the same one.
    expect(Object.fromEntries(protectGroup(group({ A: 1, Zoelen: 9, Ommeren: 9 }), policy))).toEqual({ A: 'klein', Ommeren: 'aanvulling' });
  });

  it('hides the largest and looks again when no single value is enough', () => {
    // 1 + 1 needs a complement of at least 8: neither 6 nor 7 is, together they are.
    expect(Object.fromEntries(protectGroup(group({ A: 1, B: 1, C: 6, D: 7 }), policy))).toEqual({ A: 'klein', B: 'klein', C: 'aanvulling', D: 'aanvulling' });
  });

  it('hides just the small count when nothing else is large enough to hide it', () => {
    expect(Object.fromEntries(protectGroup(group({ A: 1, B: 0 }), policy))).toEqual({ A: 'klein' });
  });

  it('judges protection by the ranges a reader can work out', () => {
    expect(isProtected([{ value: 3, reason: 'klein' }], policy)).toBe(false);
    expect(isProtected([{ value: 1, reason: 'klein' }, { value: 5, reason: 'aanvulling' }], policy)).toBe(false);
    expect(isProtected([{ value: 1, reason: 'klein' }, { value: 8, reason: 'aanvulling' }], policy)).toBe(true);
  });
});


describe.each(EXAMPLE_FILES)('no small count by subtraction in %s', (file) => {
  const organisation = parseOrganisationFile(readFileSync(file, 'utf8'), file);
  const everyone = { ...organisation, municipalities: organisation.municipalities.map((m) => ({ ...m, optedOut: false })) };
  // Two years of runs: each shows the periods of the two years before it.
  const periods: Period[] = [];
  for (let p: Period = { year: 2025, firstMonth: 1, length: organisation.periodLength }; p.year < 2027; p = nextPeriod(p)) periods.push(p);

  it('recovers nothing from every report of every run when every municipality gets the report', () => {
    const found = periods.flatMap((period) => leaks(linkedGroups(modelFor(everyone, period), everyone), organisation.suppressionThreshold));
    expect(found).toEqual([]);
  });

  it('recovers nothing either with the municipalities that opted out getting nothing', () => {
    // The opted-out municipalities' true values given, so a small count of theirs narrowed is found too.
    const figures = (period: Period) => sampleFigures(organisation, monthsEndingWith(period, HISTORY_MONTHS + 12));
    const found = periods.flatMap((period) => leaks(linkedGroups(modelFor(organisation, period), organisation, figures(period)), organisation.suppressionThreshold));
    expect(found).toEqual([]);
  });

  it('shows a period in the table as in the chart’s numbers: this, the previous and last year’s period', () => {
    const model = modelFor(everyone, periods.at(-1) as Period);
    const perYear = 12 / organisation.periodLength;
    for (const row of model.paragraphs.flatMap((p) => p.indicators)) {
      expect(row.current).toEqual(row.history.at(-1)?.cell);
      expect(row.previous).toEqual(row.history.at(-2)?.cell);
      expect(row.lastYear).toEqual(row.history.at(-1 - perYear)?.cell);
    }
  });

  it('hides each value the same way in every run that shows its period', () => {
    const shown = new Map<string, string>();
    for (const period of periods) {
      const model = modelFor(everyone, period);
      for (const paragraph of model.paragraphs) {
        for (const row of paragraph.indicators) {
          for (const h of row.history) {
            const key = `${paragraph.municipality} ${row.id} ${h.months.join()}`;
            expect(shown.get(key) ?? h.cell.text, key).toBe(h.cell.text);
            shown.set(key, h.cell.text);
          }
        }
      }
    }
  });
});
