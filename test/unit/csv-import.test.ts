import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ImportContext, type ValidatedImport, readImportFile } from '../../functions/core/csv-import';
import { ImportRejectedError, checkImportSize } from '../../functions/core/csv-reader';
import { catalogueOfConfig } from '../support/organisation';

const MUNICIPALITIES = ['Buren', 'Tiel', 'West Maas en Waal', "'s-Hertogenbosch"];
const TODAY = new Date('2026-11-23T10:00:00Z');

function context(overrides: Partial<ImportContext> = {}): ImportContext {
  return { fileName: 'cijfers.csv', municipalities: MUNICIPALITIES, catalogue: catalogueOfConfig(), today: TODAY, ...overrides };
}

/** The file as a stream of small chunks, the way a file or S3 body arrives. */
function stream(text: string | Buffer, chunkSize = 7): AsyncIterable<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

async function read(text: string | Buffer, overrides: Partial<ImportContext> = {}): Promise<ValidatedImport> {
  return readImportFile(stream(text), context(overrides));
}

async function rejection(text: string | Buffer, overrides: Partial<ImportContext> = {}): Promise<ImportRejectedError> {
  const error = await read(text, overrides).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

/** The lines of a rejection that name a row and what is wrong in it. */
const problemLines = (error: Error) => error.message.split('\n').filter((line) => line.startsWith('  '));

describe('readImportFile: figures', () => {
  it('explains an empty or impossible month and a month before 2000', async () => {
    const error = await rejection('gemeente;indicator;maand;waarde\nTiel;bijstand;;1\nTiel;bijstand;2026-00;1\nTiel;bijstand;2026-13;1\nTiel;bijstand;1999-12;1\n', { today: new Date('2027-06-01T00:00:00Z') });
    expect(problemLines(error)).toEqual([
      '  rij 2, kolom maand: is leeg',
      '  rij 3, kolom maand: "2026-00" is geen maand van de vorm JJJJ-MM (bijvoorbeeld 2026-09); maakte een spreadsheet er een datum van, maak de kolom dan tekst',
      '  rij 4, kolom maand: "2026-13" is geen maand van de vorm JJJJ-MM (bijvoorbeeld 2026-09); maakte een spreadsheet er een datum van, maak de kolom dan tekst',
      '  rij 5, kolom maand: 1999-12 ligt voor 2000',
    ]);
  });

  it('accepts the edges: January 2000, December, the current month, a count of 0 and a percentage of 100', async () => {
    const result = await read('gemeente;indicator;maand;waarde\nTiel;bijstand;2000-01;0\nTiel;bijstand;2025-12;5\nTiel;werkend;2026-11;100\n');
    expect(result.values).toEqual([
      { municipality: 'Tiel', indicator: 'bijstand', month: '2000-01', value: 0 },
      { municipality: 'Tiel', indicator: 'bijstand', month: '2025-12', value: 5 },
      { municipality: 'Tiel', indicator: 'werkend', month: '2026-11', value: 100 },
    ]);
  });

  it('does not call two rows with the same unknown municipality a repeat of each other', async () => {
    const error = await rejection('gemeente;indicator;maand;waarde\nAmsterdam;bijstand;2026-09;1\nAmsterdam;bijstand;2026-09;2\n');
    expect(problemLines(error)).toEqual(['  rijen 2 en 3, kolom gemeente: "Amsterdam" is geen gemeente van de organisatie']);
  });


  it('reads a Dutch Excel export: BOM, ";" separator, CRLF, decimal comma and thousands dots', async () => {
    const file = '\uFEFFgemeente;indicator;maand;waarde\r\nTiel;bijstand;2026-09;1.234\r\nBuren;doorlooptijd;2026-10;27,5\r\n';
    const result = await read(file);
    expect(result.kind).toBe('figures');
    expect(result.values).toEqual([
      { municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 1234 },
      { municipality: 'Buren', indicator: 'doorlooptijd', month: '2026-10', value: 27.5 },
    ]);
  });

  it('reads a ","-separated file with quoted fields, a quoted Dutch number and plain decimals', async () => {
    const file = 'gemeente,indicator,maand,waarde\n"West Maas en Waal",doorlooptijd,2026-09,"1.234,5"\n"\'s-Hertogenbosch",bijstand,2026-09,1234\nTiel,werkend,2026-09,16.25\n';
    const result = await read(file);
    expect(result.values.map((v) => v.value)).toEqual([1234.5, 1234, 16.25]);
  });

  it('refuses a count written 1.234 in a ","-file: there the dot is a decimal point', async () => {
    const error = await rejection('gemeente,indicator,maand,waarde\nTiel,bijstand,2026-09,1.234\n');
    expect(error.message).toContain('rij 2, kolom waarde: 1.234 is geen geheel getal; bijstand is een aantal');
  });

  it('matches municipality and indicator case-insensitively and stores the configured spelling', async () => {
    const result = await read('Gemeente;INDICATOR;Maand;Waarde\nTIEL;Bijstand;2026-09;12\n');
    expect(result.values).toEqual([{ municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 12 }]);
  });

  it('accepts the columns in any order', async () => {
    const result = await read('waarde;maand;gemeente;indicator\n12;2026-09;Tiel;bijstand\n');
    expect(result.values).toEqual([{ municipality: 'Tiel', indicator: 'bijstand', month: '2026-09', value: 12 }]);
  });

  it('skips blank lines and empty ";;;" rows but keeps counting rows as a spreadsheet does', async () => {
    const error = await rejection('gemeente;indicator;maand;waarde\nTiel;bijstand;2026-09;12\n\n;;;\nTiel;bijstand;2026-13;12\n;;;\n');
    expect(error.problems).toEqual([expect.objectContaining({ row: 5, column: 'maand' })]);
  });

  it('counts a quoted field over two lines as one row', async () => {
    const error = await rejection('gemeente;indicator;maand;waarde\n"Ti\nel";bijstand;2026-09;12\nTiel;bijstand;2026-09;-1\n');
    expect(error.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'gemeente'],
      [3, 'waarde'],
    ]);
  });

  it('names file, row, column and what is wrong for every bad row, and writes nothing (throws)', async () => {
    const file = [
      'gemeente;indicator;maand;waarde',
      'Amsterdam;bijstand;2026-09;12', // row 2: unknown municipality
      'Tiel;bijstandje;2026-09;12', // row 3: unknown indicator
      'Tiel;bijstand;2027-01;12', // row 4: future month
      'Tiel;bijstand;sep-26;12', // row 5: month turned into a date by Excel
      'Tiel;instroom;2026-09;-3', // row 6: negative count
      'Tiel;instroom;2026-09;2,5', // row 7: count with decimals
      'Tiel;werkend;2026-09;101', // row 8: percentage over 100
      'Tiel;plaatsingen;2026-09;twaalf', // row 9: not a number
      'Tiel;plaatsingen;2026-09;', // row 10: empty value
      'Tiel;plaatsingen;2026-09', // row 11: a column short
      'Buren;bijstand;2026-09;10', // row 12: fine
      'buren;Bijstand;2026-09;11', // row 13: duplicate of row 12
    ].join('\r\n');
    const error = await rejection(file);
    expect(error.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'gemeente'],
      [3, 'indicator'],
      [4, 'maand'],
      [5, 'maand'],
      [6, 'waarde'],
      [7, 'waarde'],
      [8, 'waarde'],
      [9, 'waarde'],
      [10, 'waarde'],
      [11, null],
      [13, null],
    ]);
    expect(error.message).toMatch(/^cijfers\.csv is geweigerd \(11 fouten\); er is niets gewijzigd/);
    expect(error.message).toContain('rij 2, kolom gemeente: "Amsterdam" is geen gemeente van de organisatie');
    expect(error.message).toContain("Geldige waarden in kolom gemeente: Buren, Tiel, West Maas en Waal, 's-Hertogenbosch.");
    expect(error.message).toContain('rij 3, kolom indicator: "bijstandje" is geen indicator');
    expect(error.message).toContain('rij 4, kolom maand: 2027-01 ligt in de toekomst (het is nu 2026-11)');
    expect(error.message).toContain('rij 5, kolom maand: "sep-26" is geen maand van de vorm JJJJ-MM');
    expect(error.message).toContain('rij 6, kolom waarde: -3 is negatief; instroom is een aantal');
    expect(error.message).toContain('rij 7, kolom waarde: 2,5 is geen geheel getal');
    expect(error.message).toContain('rij 8, kolom waarde: 101 is meer dan 100');
    expect(error.message).toContain('rij 9, kolom waarde: "twaalf" is geen getal');
    expect(error.message).toContain('rij 10, kolom waarde: is leeg');
    expect(error.message).toContain('rij 11: heeft 3 kolommen; verwacht 4');
    expect(error.message).toContain('rij 13: herhaalt rij 12 (zelfde gemeente, indicator en maand)');
  });

  it('says a problem that many rows share once, naming the rows', async () => {
    const rows = Array.from({ length: 250 }, () => 'Tiel;bijstand;2026-09;-1');
    const error = await rejection(['gemeente;indicator;maand;waarde', ...rows].join('\n'));
    expect(error.problemCount).toBe(250);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('(250 fouten)');
    expect(error.message).toContain('rijen 2–251, kolom waarde: -1 is negatief; bijstand is een aantal');
  });

  it('lists at most 100 different problems and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `Tiel;bijstand;2026-09;-${i + 1}`);
    const error = await rejection(['gemeente;indicator;maand;waarde', ...rows].join('\n'));
    expect(error.problemCount).toBe(250);
    expect(error.problems).toHaveLength(100);
    expect(error.message).toContain('(250 fouten)');
    expect(error.message.trimEnd().endsWith('… en nog 150 fouten')).toBe(true);
  });

  it('refuses an empty file, one with only a BOM, and one with a header but no rows', async () => {
    expect((await rejection('')).message).toContain('het bestand is leeg');
    expect((await rejection('\uFEFF')).message).toContain('het bestand is leeg');
    expect((await rejection('gemeente;indicator;maand;waarde\r\n;;;\r\n')).message).toContain('het bestand heeft alleen een kopregel en geen rijen');
  });

  it('refuses a wrong header and says which headers it expects', async () => {
    const error = await rejection('municipality;indicator;month;value\nTiel;bijstand;2026-09;12\n');
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('rij 1: de kopregel is "municipality;indicator;month;value"; verwacht gemeente;indicator;maand;waarde voor cijfers of indicator;jaar;waarde voor benchmark');
  });

  it('refuses a benchmark file when figures were asked for', async () => {
    const error = await rejection('indicator;jaar;waarde\nbijstand;2025;1,5\n', { kind: 'figures' });
    expect(error.message).toContain('mist de kolommen gemeente en maand en heeft een kolom "jaar" die niet wordt gebruikt');
    expect(error.message).toContain('verwacht gemeente;indicator;maand;waarde (kolommen in elke volgorde');
  });

  it('reports an unclosed quote at its row and stops reading there', async () => {
    const error = await rejection('gemeente;indicator;maand;waarde\nTiel;bijstand;2026-09;-1\n"Tiel;bijstand;2026-09;12\nBuren;bijstand;2026-09;12\n');
    expect(error.problems.map((p) => p.row)).toEqual([2, 3]);
    expect(error.message).toContain('rij 3: een veld tussen aanhalingstekens wordt niet gesloten');
  });

  it('reads a Windows-1252 export (what "CSV (gescheiden door lijstscheidingsteken)" writes) and says so', async () => {
    const cp1252 = Buffer.concat([Buffer.from('gemeente;indicator;maand;waarde\n'), Buffer.from([0x92]), Buffer.from('s-Hertogenbosch;bijstand;2026-09;12\n')]);
    const result = await read(cp1252);
    expect(result.encoding).toBe('windows-1252');
    expect(result.values).toEqual([{ municipality: "'s-Hertogenbosch", indicator: 'bijstand', month: '2026-09', value: 12 }]);
  });

  it('refuses a file over the size limit while reading it, without reading it all', async () => {
    let chunksRead = 0;
    async function* endless() {
      yield Buffer.from('gemeente;indicator;maand;waarde\n');
      for (;;) {
        chunksRead++;
        yield Buffer.from('Tiel;bijstand;2026-09;12\n'.repeat(1000));
      }
    }
    const error = await readImportFile(endless(), context({ maxBytes: 100_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as Error).message).toContain('het bestand is groter dan 98 KB; de grens is 98 KB');
    expect(chunksRead).toBeLessThan(10);
  });

  it('refuses a file over the size limit already in its header line', async () => {
    const error = await rejection(`${'gemeente;'.repeat(20)}\n`, { maxBytes: 50 });
    expect(error.problems).toEqual([expect.objectContaining({ row: null, message: expect.stringContaining('het bestand is groter dan') })]);
  });

  it('refuses a file over the size limit before reading, when its size is known', () => {
    expect(() => checkImportSize('groot.csv', 50 * 1024 * 1024)).toThrow(/groot\.csv is geweigerd \(1 fout\).*\n.*het bestand is 50,0 MB; de grens is 20,0 MB/);
  });
});

describe('readImportFile: benchmark', () => {
  it('explains each wrong year and a repeated indicator and year, row by row', async () => {
    const error = await rejection('indicator;jaar;waarde\nbijstand;;1\nbijstand;25;1\nbijstand;2025x;1\nbijstand;x2025;1\nbijstand;1999;1\nbijstand;2027;1\nwerkend;2025;1\nwerkend;2025;2\n');
    expect(problemLines(error)).toEqual([
      '  rij 2, kolom jaar: is leeg',
      '  rij 3, kolom jaar: "25" is geen jaartal (bijvoorbeeld 2026)',
      '  rij 4, kolom jaar: "2025x" is geen jaartal (bijvoorbeeld 2026)',
      '  rij 5, kolom jaar: "x2025" is geen jaartal (bijvoorbeeld 2026)',
      '  rij 6, kolom jaar: 1999 ligt voor 2000',
      '  rij 7, kolom jaar: 2027 ligt in de toekomst (het is nu 2026)',
      '  rij 9: herhaalt rij 8 (zelfde indicator en jaar); houd er één van over',
    ]);
  });

  it('accepts the year 2000 and the current year', async () => {
    const result = await read('indicator;jaar;waarde\nbijstand;2000;1\nbijstand;2026;2\n');
    expect(result.values).toEqual([
      { indicator: 'bijstand', year: 2000, value: 1 },
      { indicator: 'bijstand', year: 2026, value: 2 },
    ]);
  });

  it('does not call two rows with the same wrong year or value a repeat of each other', async () => {
    const error = await rejection('indicator;jaar;waarde\nbijstand;1999;1\nbijstand;1999;2\nwerkend;2025;-1\nwerkend;2025;-2\n');
    expect(problemLines(error)).toEqual([
      '  rijen 2 en 3, kolom jaar: 1999 ligt voor 2000',
      '  rij 4, kolom waarde: -1 is negatief; werkend is een percentage',
      '  rij 5, kolom waarde: -2 is negatief; werkend is een percentage',
    ]);
  });

  it('reads the Divosa benchmark, recognised by its header; a count benchmark is a change and may be negative', async () => {
    const result = await read('indicator;jaar;waarde\r\nbijstand;2025;-2,5\r\nwerkend;2026;17,1\r\n');
    expect(result.kind).toBe('benchmark');
    expect(result.values).toEqual([
      { indicator: 'bijstand', year: 2025, value: -2.5 },
      { indicator: 'werkend', year: 2026, value: 17.1 },
    ]);
  });

  it('refuses a future year, an unknown indicator, a negative percentage and a repeated indicator and year', async () => {
    const error = await rejection('indicator;jaar;waarde\nbijstand;2027;1\nfoo;2025;1\nwerkend;2025;-1\nbijstand;2025;1\nbijstand;2025;2\n');
    expect(error.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'jaar'],
      [3, 'indicator'],
      [4, 'waarde'],
      [6, null],
    ]);
  });
});
