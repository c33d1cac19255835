import { describe, expect, it } from 'vitest';
import { MAX_COMMENTARY_CHARACTERS, parseCommentary } from '../../functions/core/commentary';
import { InvalidInputError } from '../../functions/core/errors';

describe("a period's commentary from a text file", () => {
  it('drops a byte order mark, makes Windows line ends plain and trims the text', () => {
    expect(parseCommentary('\uFEFF\r\n  Eerste alinea.\r\n\r\nTweede alinea.\rDerde regel.\n\n', 'toelichting.md')).toBe(
      'Eerste alinea.\n\nTweede alinea.\nDerde regel.',
    );
    // A zero-width no-break space inside the text is the writer's, not a byte order mark.
    expect(parseCommentary('Een\uFEFFwoord', 'toelichting.md')).toBe('Een\uFEFFwoord');
  });

  it('refuses an empty file, naming it and saying what to write', () => {
    expect(() => parseCommentary(' \r\n\t\n', 'leeg.md')).toThrow(InvalidInputError);
    expect(() => parseCommentary('\uFEFF', 'leeg.md')).toThrow("leeg.md is leeg; schrijf de toelichting erin (alinea's gescheiden door een lege regel)");
  });

  it('refuses a file that is not UTF-8 (decoded with replacement characters)', () => {
    expect(() => parseCommentary('Toelichting bij de cijfers van \uFFFDe gemeente', 'latin1.md')).toThrow('latin1.md is geen UTF-8; sla het op als UTF-8-tekst');
  });

  it(`takes ${MAX_COMMENTARY_CHARACTERS} characters and refuses one more, saying how many there are`, () => {
    const longest = 'a'.repeat(MAX_COMMENTARY_CHARACTERS);
    expect(parseCommentary(`  ${longest}  `, 'lang.md')).toBe(longest);
    expect(() => parseCommentary(`${longest}b`, 'lang.md')).toThrow(`lang.md heeft ${MAX_COMMENTARY_CHARACTERS + 1} tekens; de toelichting mag er hoogstens ${MAX_COMMENTARY_CHARACTERS} hebben`);
  });
});
