import { describe, expect, it } from 'vitest';
import { countNl, midSentence } from '../../functions/core/words-nl';

describe('Dutch words', () => {
  it('writes an indicator name inside a sentence in lower case, unless it starts with an abbreviation, a law or a name', () => {
    expect(midSentence('Cliënten met huishoudelijke hulp')).toBe('cliënten met huishoudelijke hulp');
    expect(midSentence('Instroom')).toBe('instroom');
    expect(midSentence('WW-uitkeringen')).toBe('WW-uitkeringen');
    expect(midSentence('UWV-meldingen')).toBe('UWV-meldingen');
    expect(midSentence('Wmo-cliënten')).toBe('Wmo-cliënten');
    expect(midSentence('Participatiewet: uitkeringen')).toBe('Participatiewet: uitkeringen');
    expect(midSentence('Re-integratietrajecten')).toBe('re-integratietrajecten');
  });

  it('counts in the real singular and plural, never "mail(s)"', () => {
    expect(countNl(1, 'mail', 'mails')).toBe('1 mail');
    expect(countNl(3, 'mail', 'mails')).toBe('3 mails');
    expect(countNl(0, 'waarde', 'waarden')).toBe('0 waarden');
  });
});
