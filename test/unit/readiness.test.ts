import { describe, expect, it } from 'vitest';
import { parseCommentary } from '../../functions/core/commentary';
import type { Figure } from '../../functions/core/organisation';
import { parsePeriod } from '../../functions/core/periods';
import { FiguresIncompleteError, missingFigures } from '../../functions/core/readiness';
import { catalogueOfConfig } from '../support/organisation';

const CATALOGUE = catalogueOfConfig();

const period = parsePeriod('2026-09');
const municipalities = ['Buren', 'Tiel'];

function complete(): Figure[] {
  return municipalities.flatMap((municipality) =>
    CATALOGUE.indicators.flatMap(({ id }) => ['2026-09', '2026-10'].map((month) => ({ municipality, indicator: id, month, value: 1 }))),
  );
}

describe('data readiness of a run', () => {
  it('finds nothing missing when every municipality has every indicator in both months', () => {
    expect(missingFigures({ period, municipalities, catalogue: CATALOGUE, figures: complete() })).toEqual([]);
  });

  it('names municipality, indicator and month of each gap, and ignores figures of other months', () => {
    const figures = complete().filter((f) => !(f.municipality === 'Tiel' && f.indicator === 'instroom' && f.month === '2026-10'));
    figures.push({ municipality: 'Tiel', indicator: 'instroom', month: '2026-08', value: 1 });
    expect(missingFigures({ period, municipalities, catalogue: CATALOGUE, figures })).toEqual([{ municipality: 'Tiel', indicator: 'instroom', month: '2026-10' }]);
  });

  it('explains what to do and lists at most 50 gaps', () => {
    const missing = missingFigures({ period, municipalities, catalogue: CATALOGUE, figures: [] });
    const error = new FiguresIncompleteError(period, missing);
    expect(missing).toHaveLength(2 * CATALOGUE.indicators.length * 2);
    expect(error.message).toMatch(new RegExp(`^de cijfers over september–oktober 2026 \\(2026-09\\) zijn niet compleet: er ontbreken ${missing.length} waarden `));
    expect(error.message).toContain('\n  Buren, bijstand, 2026-09\n');
    expect(error.message).toContain(`… en ${missing.length - 50} meer`);
    expect(error.message).toContain('--ook-onvolledig');
  });

  it('lists all of exactly 50 gaps without a "meer" line, and the 51st as one more', () => {
    const gap = (i: number) => ({ municipality: `Gemeente ${i}`, indicator: 'instroom', month: '2026-10' });
    const fifty = new FiguresIncompleteError(period, Array.from({ length: 50 }, (_, i) => gap(i + 1))).message.split('\n');
    expect(fifty).toHaveLength(52);
    expect(fifty[50]).toBe('  Gemeente 50, instroom, 2026-10');
    expect(fifty.join('\n')).not.toContain('meer');
    const more = new FiguresIncompleteError(period, Array.from({ length: 51 }, (_, i) => gap(i + 1))).message.split('\n');
    expect(more[51]).toBe('  … en 1 meer');
    expect(more.join('\n')).not.toContain('Gemeente 51');
  });
});

describe('commentary of a period', () => {
  it('keeps the paragraphs and drops a BOM and Windows line ends', () => {
    expect(parseCommentary('\uFEFFEerste alinea.\r\n\r\nTweede alinea.\r\n', 'toelichting.md')).toBe('Eerste alinea.\n\nTweede alinea.');
  });

  it('refuses an empty, an over-long and a non-UTF-8 text, naming the file', () => {
    expect(() => parseCommentary(' \n ', 'toelichting.md')).toThrow(/toelichting\.md is leeg/);
    expect(() => parseCommentary('x'.repeat(5001), 'toelichting.md')).toThrow(/toelichting\.md heeft 5001 tekens/);
    expect(() => parseCommentary('S\uFFFDdwest', 'toelichting.md')).toThrow(/toelichting\.md is geen UTF-8/);
  });
});
