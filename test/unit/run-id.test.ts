import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { parseRunId, runIdFor, runIdParts } from '../../functions/core/run-id';

describe('run ids', () => {
  it('name one final per period and numbered concepts', () => {
    expect(runIdFor(parsePeriod('2026-09'), 'final')).toBe('2026-09-final');
    expect(runIdFor(parsePeriod('2026-09'), 'concept')).toBe('2026-09-concept-1');
    expect(runIdFor(parsePeriod('2026-07', 3), 'concept', 2)).toBe('2026-07-concept-2');
  });

  it('refuse a concept number that is not a whole number above 0', () => {
    for (const number of [0, -1, 1.5]) {
      expect(() => runIdFor(parsePeriod('2026-09'), 'concept', number)).toThrow(`conceptnummer ${number} is geen geheel getal groter dan 0`);
    }
  });

  it('read back into period, kind and concept number, with spaces around', () => {
    expect(parseRunId(' 2026-09-final ', 2)).toStrictEqual({ period: parsePeriod('2026-09'), kind: 'final' });
    expect(parseRunId('2026-07-concept-12', 3)).toEqual({ period: parsePeriod('2026-07', 3), kind: 'concept', conceptNumber: 12 });
    expect(runIdParts('2026-09-concept-3')).toEqual({ periodKey: '2026-09', kind: 'concept', conceptNumber: 3 });
  });

  it('give an operator’s typo an example of a real id', () => {
    for (const typo of ['2026-09', '2026-09-finaal', '2026-9-final', 'x2026-09-final', '2026-09-concept-']) {
      expect(() => runIdParts(typo)).toThrow(`"${typo}" is geen run-id; run-ids zien eruit als 2026-09-final of 2026-09-concept-1 (zie rapportbode runs)`);
    }
    expect(() => parseRunId('2026-10-final', 2)).toThrow('bedoelt u 2026-09?');
  });
});
