import { Jimp, JimpMime } from 'jimp';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthsEndingWith } from '../../functions/core/periods';
import {
  type ImageRecord,
  ImageRecordSchema,
  type LoadedImage,
  MAX_IMAGE_FILE_BYTES,
  MAX_IMAGE_PIXELS,
  checkImageArguments,
  checkImageFile,
  imageKey,
  placeImages,
  scaledSize,
  sniffImage,
} from '../../functions/core/report-images';
import { buildReportModel } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';
import { pngHeader } from '../support/png-header';

const municipalities = [
  { name: 'Tiel', optedOut: false },
  { name: 'West Betuwe', optedOut: false },
  { name: 'Neder-Betuwe', optedOut: true },
];


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

/** A JPEG from its start marker and the given segments: `[marker, ...payload]` gets a length, a bare marker none. */
function jpegOf(...segments: readonly (readonly number[])[]): Uint8Array {
  const bytes: number[] = [0xff, 0xd8];
  for (const [marker, ...payload] of segments) {
    if (payload.length === 0) bytes.push(0xff, marker as number);
    else bytes.push(0xff, marker as number, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload);
  }
  return new Uint8Array(bytes);
}
/** A frame header (SOF) of 8-bit samples and one component: height and width as two bytes each. */
const frame = (marker: number, width: number, height: number) => [marker, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
const APP0 = [0xe0, 0x4a, 0x46, 0x49, 0x46, 0];
const DHT = [0xc4, 0, 1, 2, 3];

describe('image headers as cameras and editors write them', () => {
  it('walks a JPEG past application data, tables, fill bytes and markers without a length to its frame size', () => {
    expect(sniffImage(jpegOf(APP0, DHT, frame(0xc0, 640, 480)))).toEqual({ contentType: 'image/jpeg', width: 640, height: 480 });
    const withFill = jpegOf(APP0);
    expect(sniffImage(new Uint8Array([...withFill, 0xff, ...jpegOf(frame(0xc2, 800, 600)).subarray(2)]))).toEqual({ contentType: 'image/jpeg', width: 800, height: 600 });
    for (const bare of [0x01, 0xd0, 0xd7]) {
      expect(sniffImage(jpegOf(APP0, [bare], frame(0xc1, 10, 20))), bare.toString(16)).toEqual({ contentType: 'image/jpeg', width: 10, height: 20 });
    }
  });

  it('reads every kind of frame header, and not the tables that share their range', () => {
    expect(sniffImage(jpegOf(frame(0xcf, 3, 4)))).toEqual({ contentType: 'image/jpeg', width: 3, height: 4 });
    for (const table of [0xc4, 0xc8, 0xcc]) {
      expect(sniffImage(jpegOf([table, 0, 7, 0, 9, 0, 1, 1, 0], frame(0xc0, 30, 40))), table.toString(16)).toEqual({ contentType: 'image/jpeg', width: 30, height: 40 });
    }
  });

  it('refuses a JPEG that reaches its scan or its end before a frame size, or whose frame or segment is cut or broken', () => {
    expect(sniffImage(jpegOf(APP0, [0xda, 0, 0], frame(0xc0, 1, 1)))).toBeUndefined();
    expect(sniffImage(jpegOf(APP0, [0xd9], frame(0xc0, 1, 1)))).toBeUndefined();
    expect(sniffImage(jpegOf(frame(0xc0, 640, 480)).subarray(0, 10))).toBeUndefined();
    expect(sniffImage(new Uint8Array([...jpegOf(APP0), 0x00, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]))).toBeUndefined();
  });

  it('takes only a file that starts as a JPEG or a PNG for one', () => {
    const sof = jpegOf(frame(0xc0, 64, 48));
    for (const position of [0, 1, 2]) {
      const changed = sof.slice();
      changed[position] = 0x00;
      expect(sniffImage(changed), `byte ${position}`).toBeUndefined();
    }
    const png = pngHeader(64, 48);
    expect(sniffImage(png.subarray(0, 24))).toEqual({ contentType: 'image/png', width: 64, height: 48 });
    expect(sniffImage(png.subarray(0, 23))).toBeUndefined();
    const notIhdr = png.slice();
    notIhdr[12] = 0x69;
    expect(sniffImage(notIhdr)).toBeUndefined();
    const half = png.slice();
    half[7] = 0x00;
    expect(sniffImage(half)).toBeUndefined();
  });

  it('accepts a file of exactly the size cap and an image of exactly the pixel cap, and refuses a zero side', () => {
    const atCap = new Uint8Array(MAX_IMAGE_FILE_BYTES);
    atCap.set(pngHeader(8000, 5000));
    expect(MAX_IMAGE_PIXELS).toBe(8000 * 5000);
    expect(checkImageFile(atCap, 'precies.png')).toEqual({ facts: { contentType: 'image/png', width: 8000, height: 5000 } });
    expect(checkImageFile(pngHeader(8000, 5001), 'net-te-groot.png')).toEqual({ problem: 'net-te-groot.png is 8000×5001 pixels; hoogstens 40 megapixel kan worden verwerkt — verklein hem eerst' });
    expect(checkImageFile(pngHeader(10, 0), 'plat.png')).toEqual({ problem: 'plat.png zegt 10×0 pixels te zijn: dat is geen afbeelding' });
    expect(checkImageFile(pngHeader(0, 10), 'smal.png')).toEqual({ problem: 'smal.png zegt 0×10 pixels te zijn: dat is geen afbeelding' });
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

  it('orders images added at the same moment by id, and shows a municipality image without a municipality nowhere', () => {
    const same = '2026-11-02T08:00:00.000Z';
    const placed = placeImages([
      { record: record({ id: 'zzzz0009', section: 'doelen', addedAt: same }), bytes },
      { record: record({ id: 'aaaa0009', section: 'doelen', addedAt: same }), bytes },
      { record: record({ id: 'dddd0004', section: 'gemeente', municipality: null }), bytes },
    ]);
    expect(placed.organisation.doelen.map((i) => i.id)).toEqual(['aaaa0009', 'zzzz0009']);
    expect([...placed.byMunicipality.keys()]).toEqual([]);
    expect(Object.values(placed.organisation).flat().map((i) => i.id)).toEqual(['aaaa0009', 'zzzz0009']);
  });

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
