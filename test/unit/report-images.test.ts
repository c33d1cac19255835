import { Jimp, JimpMime } from 'jimp';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthsEndingWith } from '../../functions/core/periods';
import {
  type ImageRecord,
  ImageRecordSchema,
  type LoadedImage,
  MAX_IMAGE_FILE_BYTES,
  checkImageArguments,
  checkImageFile,
  imageKey,
  placeImages,
  scaledSize,
  sniffImage,
} from '../../functions/core/report-images';
import { buildReportModel } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

const municipalities = [
  { name: 'Tiel', optedOut: false },
  { name: 'West Betuwe', optedOut: false },
  { name: 'Neder-Betuwe', optedOut: true },
];

/** A PNG header (signature and IHDR) declaring the given size, without pixel data. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

function record(overrides: Partial<ImageRecord>): ImageRecord {
  const base: ImageRecord = {
    period: '2026-09',
    id: 'a1b2c3d4',
    section: 'kerngetallen',
    municipality: null,
    alt: 'Dashboard klantenbestand',
    source: 'intern dashboard',
    key: 'images/2026-09/a1b2c3d4.png',
    width: 300,
    height: 200,
    contentType: 'image/png',
    size: 1234,
    addedBy: 'tester',
    addedAt: '2026-11-01T08:00:00.000Z',
  };
  return { ...base, ...overrides };
}

describe('image files: judged by their content, not their name', () => {
  let png: Uint8Array;
  let jpeg: Uint8Array;

  beforeAll(async () => {
    // Real encoder output, so the header parsing is checked against what tools actually write.
    const image = new Jimp({ width: 321, height: 123, color: 0x336699ff });
    png = new Uint8Array(await image.getBuffer(JimpMime.png));
    jpeg = new Uint8Array(await image.getBuffer(JimpMime.jpeg, { quality: 80 }));
  });

  it('reads the type and size of a PNG and of a JPEG from their headers', () => {
    expect(sniffImage(png)).toEqual({ contentType: 'image/png', width: 321, height: 123 });
    expect(sniffImage(jpeg)).toEqual({ contentType: 'image/jpeg', width: 321, height: 123 });
  });

  it('refuses a PDF or a text file, whatever its name says', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    const text = new TextEncoder().encode('gemeente;instroom\nTiel;12\n');
    for (const bytes of [pdf, text, new Uint8Array()]) {
      const result = checkImageFile(bytes, 'grafiek.png');
      expect(result).toEqual({ problem: 'grafiek.png is geen PNG- of JPEG-afbeelding (beoordeeld op de inhoud, niet op de naam); sla hem op als PNG of JPEG' });
    }
  });

  it('refuses a PNG or JPEG whose header is cut short', () => {
    expect(sniffImage(png.subarray(0, 20))).toBeUndefined();
    expect(sniffImage(jpeg.subarray(0, 10))).toBeUndefined();
  });

  it('refuses a file over the size cap and an image that declares too many pixels to decode', () => {
    const big = new Uint8Array(MAX_IMAGE_FILE_BYTES + 1);
    big.set(png);
    expect(checkImageFile(big, 'groot.png')).toEqual({ problem: expect.stringMatching(/^groot\.png is 20,0 MB; een afbeelding mag hoogstens 20,0 MB zijn/) });
    expect(checkImageFile(pngHeader(100_000, 100_000), 'bom.png')).toEqual({ problem: expect.stringContaining('bom.png is 100000×100000 pixels; hoogstens 40 megapixel') });
    expect(checkImageFile(pngHeader(0, 10), 'leeg.png')).toEqual({ problem: expect.stringContaining('geen afbeelding') });
  });

  it('accepts a real PNG and JPEG', () => {
    expect(checkImageFile(png, 'a.png')).toEqual({ facts: { contentType: 'image/png', width: 321, height: 123 } });
    expect(checkImageFile(jpeg, 'b.JPG')).toEqual({ facts: { contentType: 'image/jpeg', width: 321, height: 123 } });
  });
});

describe('image arguments: section, municipality, alt text and source', () => {
  const valid = { section: 'benchmark', alt: 'Grafiek uitstroom naar werk, Divosa', source: 'Divosa-benchmark, juni 2026' };

  it('places an organisation-wide image in the section named', () => {
    expect(checkImageArguments(valid, municipalities)).toEqual({ placement: { section: 'benchmark', municipality: null, alt: valid.alt, source: valid.source } });
  });

  it("puts a municipality's image in its paragraph, matching the name without regard to case", () => {
    expect(checkImageArguments({ municipality: ' tiel ', alt: 'x', source: 'y' }, municipalities)).toEqual({
      placement: { section: 'gemeente', municipality: 'Tiel', alt: 'x', source: 'y' },
    });
    expect(checkImageArguments({ section: 'Gemeente', municipality: 'WEST BETUWE', alt: 'x', source: 'y' }, municipalities)).toEqual({
      placement: { section: 'gemeente', municipality: 'West Betuwe', alt: 'x', source: 'y' },
    });
  });

  it('names every problem at once: unknown section, unknown municipality, empty alt, missing source', () => {
    const result = checkImageArguments({ section: 'financien', municipality: 'Utrecht', alt: '   ' }, municipalities);
    expect(result).toEqual({
      problems: [
        '--sectie: kies uit kerngetallen, doelen, benchmark, toelichting, grafieken, gemeente',
        '--alt (de tekst die wordt voorgelezen in plaats van de afbeelding) is leeg',
        '--bron (de bron onder de afbeelding) ontbreekt',
        '--gemeente: "Utrecht" is geen gemeente van de organisatie (wel: Tiel, West Betuwe, Neder-Betuwe)',
      ],
    });
  });

  it('refuses control characters in the alt text and the source', () => {
    const result = checkImageArguments({ section: 'doelen', alt: 'regel\neen', source: 'bron\u0007' }, municipalities);
    expect(result).toEqual({
      problems: [
        '--alt (de tekst die wordt voorgelezen in plaats van de afbeelding) bevat een regeleinde of een ander stuurteken; haal dat weg',
        '--bron (de bron onder de afbeelding) bevat een regeleinde of een ander stuurteken; haal dat weg',
      ],
    });
  });

  it('keeps an image for one municipality out of the organisation sections, and the gemeente section needs a municipality', () => {
    expect(checkImageArguments({ ...valid, municipality: 'Tiel' }, municipalities)).toEqual({
      problems: ['--gemeente: een afbeelding voor één gemeente komt in haar eigen alinea; gebruik --sectie gemeente of laat --sectie weg'],
    });
    expect(checkImageArguments({ ...valid, section: 'gemeente' }, municipalities)).toEqual({ problems: ['--sectie gemeente vraagt --gemeente: zeg van welke gemeente de alinea is'] });
    expect(checkImageArguments({ alt: 'x', source: 'y' }, municipalities)).toEqual({
      problems: ['--sectie: kies uit kerngetallen, doelen, benchmark, toelichting, grafieken, gemeente'],
    });
  });
});

describe('scaling decision', () => {
  it('scales an image wider than 1600 px down to 1600 px wide, keeping its proportions', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(scaledSize(3000, 2000)).toEqual({ width: 1600, height: 1067, scaled: true });
  });

  it('scales a very tall screenshot to fit 2400 px high', () => {
    expect(scaledSize(1000, 6000)).toEqual({ width: 400, height: 2400, scaled: true });
  });

  it('leaves an image that fits as it is and never scales one up', () => {
    expect(scaledSize(1600, 900)).toEqual({ width: 1600, height: 900, scaled: false });
    expect(scaledSize(40, 30)).toEqual({ width: 40, height: 30, scaled: false });
  });
});

describe('routing images to sections and municipalities', () => {
  const bytes = new Uint8Array([1, 2, 3, 250]);
  const images: LoadedImage[] = [
    { record: record({ id: 'bbbb0002', section: 'benchmark', addedAt: '2026-11-01T09:00:00.000Z' }), bytes },
    { record: record({ id: 'aaaa0001', section: 'benchmark', addedAt: '2026-11-01T08:00:00.000Z', contentType: 'image/jpeg' }), bytes },
    { record: record({ id: 'cccc0003', section: 'gemeente', municipality: 'Groot', alt: 'Alleen Groot', source: 'dashboard Groot' }), bytes },
  ];

  it('sorts organisation images by section in the order they were added, as data URLs', () => {
    const placed = placeImages(images);
    expect(placed.organisation.benchmark.map((i) => i.id)).toEqual(['aaaa0001', 'bbbb0002']);
    expect(placed.organisation.kerngetallen).toEqual([]);
    expect(placed.organisation.benchmark[0]?.src).toBe(`data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`);
    expect(placed.byMunicipality.get('Groot')?.map((i) => i.id)).toEqual(['cccc0003']);
  });

  it("gives a municipality's image to its own paragraph and to no other, nor to the organisation part", () => {
    const period = { year: 2026, firstMonth: 9, length: 2 } as const;
    const model = buildReportModel({
      organisation: testOrganisation({
        name: 'Werkbedrijf',
        municipalities: [{ name: 'Groot', optedOut: false }, { name: 'Klein', optedOut: false }],
        indicators: [testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true, headline: true })],
        suppressionThreshold: 5,
      }),
      period,
      figures: monthsEndingWith(period, 24).flatMap((month) => ['Groot', 'Klein'].map((municipality) => ({ municipality, indicator: 'instroom', month, value: 10 }))),
      benchmarks: [],
      commentary: null,
      images,
      issuedOn: new Date(Date.UTC(2026, 10, 1)),
      concept: false,
    });
    const [groot, klein] = model.paragraphs;
    expect(groot?.images.map((i) => i.alt)).toEqual(['Alleen Groot']);
    expect(klein?.images).toEqual([]);
    expect(Object.values(model.organisationPart.images).flat().map((i) => i.id)).toEqual(['aaaa0001', 'bbbb0002']);
  });
});

describe('image records', () => {
  it('keys an image under images/<period>/<id>.<ext>', () => {
    expect(imageKey('2026-09', 'a1b2c3d4', 'image/jpeg')).toBe('images/2026-09/a1b2c3d4.jpg');
  });

  it('reads back only a record whose municipality goes with the gemeente section', () => {
    expect(ImageRecordSchema.safeParse(record({})).success).toBe(true);
    expect(ImageRecordSchema.safeParse(record({ municipality: 'Tiel' })).success).toBe(false);
    expect(ImageRecordSchema.safeParse(record({ section: 'gemeente' })).success).toBe(false);
  });
});
