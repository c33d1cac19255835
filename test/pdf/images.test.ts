import { Jimp, JimpMime } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { type ImageRecord, type LoadedImage, placeImages } from '../../functions/core/report-images';
import { pdfImages } from '../support/pdf-images';
import { pdfText } from '../support/test-stack';

const period = { year: 2026, firstMonth: 9, length: 2 } as const;

function loaded(id: string, bytes: Uint8Array, width: number, height: number, overrides: Partial<ImageRecord> = {}): LoadedImage {
  return {
    record: {
      period: '2026-09',
      id,
      section: 'benchmark',
      municipality: null,
      alt: 'Grafiek "uitstroom" <Divosa> & meer',
      source: 'Divosa-benchmark, rapport juni 2026',
      key: `images/2026-09/${id}.jpg`,
      width,
      height,
      contentType: 'image/jpeg',
      size: bytes.length,
      addedBy: 'tester',
      addedAt: '2026-11-01T08:00:00.000Z',
      ...overrides,
    },
    bytes,
  };
}

/** Something like a dashboard screenshot: bands of flat colour between soft gradients. */
async function dashboardJpeg(width: number, height: number): Promise<Uint8Array> {
  const image = new Jimp({ width, height, color: 0xffffffff });
  image.scan(0, 0, width, height, (x, y, idx) => {
    const band = Math.floor(y / 40) % 4;
    image.bitmap.data[idx] = band === 0 ? 1 : (x * 255) / width;
    image.bitmap.data[idx + 1] = band === 1 ? 104 : (y * 255) / height;
    image.bitmap.data[idx + 2] = band === 2 ? 155 : ((x + y) * 255) / (width + height);
  });
  return new Uint8Array(await image.getBuffer(JimpMime.jpeg, { quality: 85 }));
}

describe('operators’ images in the printed report (real Chromium)', () => {
  let printer: ReportPrinter;
  let renderer: ReportRenderer;
  let jpeg: Uint8Array;
  let html: string;
  let withImage: Uint8Array;
  let without: Uint8Array;

  beforeAll(async () => {
    // Prepare: the demo model with one organisation-wide JPEG of 1600×1000 in the benchmark section.
    jpeg = await dashboardJpeg(1600, 1000);
    const model = demoReportModel(period);
    const paragraph = model.paragraphs.find((p) => p.municipality === 'Tiel');
    if (!paragraph) throw new Error('no paragraph for Tiel');
    const part = { ...model.organisationPart, images: placeImages([loaded('a1b2c3d4', jpeg, 1600, 1000)]).organisation };
    renderer = new ReportRenderer();
    printer = await launchPrinter();
    // Act
    html = renderer.organisationHtml(part);
    withImage = await printer.print(renderer.reportHtml(part, html, paragraph));
    without = await printer.print(renderer.reportHtml(model.organisationPart, renderer.organisationHtml(model.organisationPart), paragraph));
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('embeds the image as a data URL that Handlebars escaped but did not change, with escaped alt text', () => {
    const src = /<img src="([^"]*)"/.exec(html)?.[1] ?? '';
    // `=` is escaped as &#x3D; in the attribute; the HTML parser reads it back as `=`.
    const decoded = src.replace(/&#x3D;/g, '=');
    expect(decoded).toBe(`data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`);
    expect(html).toContain('alt="Grafiek &quot;uitstroom&quot; &lt;Divosa&gt; &amp; meer"');
    expect(html).toMatch(/<figure class="image">\s*<img [^>]+>\s*<figcaption>Bron: Divosa-benchmark, rapport juni 2026<\/figcaption>/);
  });

  it('prints the image, whole and at its own pixels, with the caption naming the source', async () => {
    const { text } = await pdfText(withImage);
    expect(text).toContain('Bron: Divosa-benchmark, rapport juni 2026');
    const images = await pdfImages(withImage);
    expect(images).toContainEqual({ width: 1600, height: 1000, filter: '/DCTDecode' });
    expect(await pdfImages(without)).toEqual([]);
  });

  it('keeps the report under 400 KB without images and grows it by about the image’s size with one', () => {
    const growth = withImage.length - without.length;
    console.log(`PDF without images ${without.length} bytes; with one ${jpeg.length}-byte JPEG ${withImage.length} bytes`);
    expect(without.length).toBeLessThan(400 * 1024);
    // Chromium passes a JPEG through unchanged (DCTDecode): growth is the JPEG and a few objects.
    expect(growth).toBeGreaterThan(jpeg.length * 0.9);
    expect(growth).toBeLessThan(jpeg.length * 1.1 + 10 * 1024);
  });
});
