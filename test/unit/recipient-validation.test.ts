import { describe, expect, it } from 'vitest';
import type { Municipality } from '../../functions/core/organisation';
import { checkRecipient, formatMailbox, parseRecipientCsv, recipientsToCsv } from '../../functions/core/recipient-validation';

const municipalities: Municipality[] = [
  { name: 'Tiel', optedOut: false },
  { name: 'West Betuwe', optedOut: false },
];

describe('a recipient is checked before it is stored', () => {
  it.each([
    ['CR LF', 'Jan Jansen\r\nBcc: iedereen@example.org'],
    ['a bare LF', 'Jan\nJansen'],
    ['a NUL', 'Jan\u0000Jansen'],
    ['a Unicode line separator', 'Jan\u2028Jansen'],
  ])('rejects a name with %s (header injection)', (_, name) => {
    const result = checkRecipient({ municipality: 'Tiel', role: 'ab-lid', name, email: 'jan@tiel.example' }, municipalities);
    expect(result).toEqual({ problems: ['naam: the name contains a line break or another control character'] });
  });

  it('rejects an address with a line break or that is no address', () => {
    expect(checkRecipient({ municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example\r\nBcc: x@y.nl' }, municipalities)).toHaveProperty('problems');
    expect(checkRecipient({ municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan at tiel' }, municipalities)).toEqual({ problems: ['email: not a valid e-mail address'] });
  });

  it('accepts a known municipality in any case and normalises name and address', () => {
    const result = checkRecipient({ municipality: 'west betuwe', role: 'beleidsmedewerker', name: '  Piet  ', email: ' Piet@WestBetuwe.Example ' }, municipalities);
    expect(result).toEqual({ recipient: { municipality: 'West Betuwe', role: 'beleidsmedewerker', name: 'Piet', email: 'piet@westbetuwe.example' } });
  });

  it('names every problem: unknown municipality, unknown role, empty name', () => {
    const result = checkRecipient({ municipality: 'Utrecht', role: 'wethouder' as never, name: ' ', email: 'a@b.nl' }, municipalities);
    expect('problems' in result && result.problems).toEqual([
      'rol: the role must be one of ab-lid, beleidsmedewerker, reviewer',
      'naam: the name is empty',
      'gemeente: "Utrecht" is not a known municipality (known: Tiel, West Betuwe)',
    ]);
  });

  it('wants a municipality for an AB-lid and none for a reviewer', () => {
    expect(checkRecipient({ municipality: null, role: 'ab-lid', name: 'Jan', email: 'a@b.nl' }, municipalities)).toEqual({ problems: ['gemeente: an ab-lid needs a municipality'] });
    expect(checkRecipient({ municipality: 'Tiel', role: 'reviewer', name: 'GBO', email: 'a@b.nl' }, municipalities)).toEqual({
      problems: ['gemeente: a reviewer belongs to no municipality; leave it empty'],
    });
  });
});

describe('the recipient CSV file is read as a whole', () => {
  const header = '\uFEFFgemeente;rol;naam;email\r\n';

  it('reads a file with a BOM, ";" and a quoted name', () => {
    const list = parseRecipientCsv(`${header}Tiel;ab-lid;"Jansen; J.";jan@tiel.example\r\n;reviewer;Secretariaat GBO;gbo@werkzaak.example\r\n`, municipalities);
    expect(list).toEqual([
      { municipality: 'Tiel', role: 'ab-lid', name: 'Jansen; J.', email: 'jan@tiel.example' },
      { municipality: null, role: 'reviewer', name: 'Secretariaat GBO', email: 'gbo@werkzaak.example' },
    ]);
  });

  it('rejects the whole file, naming each row, for a CRLF in a quoted name and a duplicate address', () => {
    const csv = `${header}Tiel;ab-lid;Jan;jan@tiel.example\r\nTiel;ab-lid;"Piet\r\nBcc: x@y.nl";piet@tiel.example\r\nTiel;beleidsmedewerker;Jan J.;JAN@tiel.example\r\nWest Betuwe;ab-lid;Jan;jan@tiel.example\r\n`;
    expect(() => parseRecipientCsv(csv, municipalities)).toThrow(
      /rejected; nothing was changed:\n {2}row 3, naam: the name contains a line break or another control character\n {2}row 4, email: jan@tiel.example is already on row 2 for Tiel$/,
    );
  });

  it('says which columns the header lacks', () => {
    expect(() => parseRecipientCsv('gemeente;naam\nTiel;Jan\n', municipalities)).toThrow(/lacks the column\(s\) rol, email/);
  });

  it('exports what it imports', () => {
    const list = [
      { municipality: null, role: 'reviewer' as const, name: 'Team "Beleid"', email: 'beleid@werkzaak.example' },
      { municipality: 'Tiel', role: 'ab-lid' as const, name: 'Jan', email: 'jan@tiel.example' },
    ];
    const csv = recipientsToCsv(list);
    expect(csv.startsWith('\uFEFFgemeente;rol;naam;email\r\nTiel;')).toBe(true);
    expect(parseRecipientCsv(csv, municipalities)).toEqual([list[1], list[0]]);
  });
});

describe('a mailbox header', () => {
  it('quotes the name and drops quotes, backslashes and control characters from it', () => {
    expect(formatMailbox('Jan "de" \\Jansen\r\n', 'jan@tiel.example')).toBe('"Jan de Jansen" <jan@tiel.example>');
    expect(formatMailbox(undefined, 'jan@tiel.example')).toBe('jan@tiel.example');
  });
});
