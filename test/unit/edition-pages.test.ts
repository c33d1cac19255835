import { describe, expect, it } from 'vitest';
import { ORGANISATION_SLUG, type EditionFile, editionFiles, editionSlug } from '../../functions/core/edition-site';
import type { Figure } from '../../functions/core/organisation';
import { type Period, monthsEndingWith, periodId } from '../../functions/core/periods';
import { type ReportModel, buildReportModel } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

const indicators = [
  testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true, headline: true, goals: { '2026': 600 } }),
  testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false, suppress: true, goals: { '2026': 3000 } }),
];
const municipalities = [
  { name: 'Grootstad', optedOut: false },
  { name: 'Kleindorp', optedOut: false },
  { name: 'Anderveen', optedOut: false },
];
const organisation = testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: 5, riskNote: 'Geen relatie met de verrekening.' });
const september = { year: 2026, firstMonth: 9, length: 2 } as const satisfies Period;
const july = { year: 2026, firstMonth: 7, length: 2 } as const satisfies Period;

/** Grootstad: 31 a month; Kleindorp: 1 a month (a period of 2 is hidden as "< 5"); Anderveen: a bijstand of 4321 no one else has. */
function figures(period: Period): Figure[] {
  return monthsEndingWith(period, 24).flatMap((month) => [
    { municipality: 'Grootstad', indicator: 'instroom', month, value: 31 },
    { municipality: 'Kleindorp', indicator: 'instroom', month, value: 1 },
    { municipality: 'Anderveen', indicator: 'instroom', month, value: 17 },
    { municipality: 'Grootstad', indicator: 'bijstand', month, value: 1234 },
    { municipality: 'Kleindorp', indicator: 'bijstand', month, value: 88 },
    { municipality: 'Anderveen', indicator: 'bijstand', month, value: 4321 },
  ]);
}

function model(period: Period): ReportModel {
  return buildReportModel({ organisation, period, figures: figures(period), benchmarks: [], commentary: 'De **instroom** bleef gelijk.', issuedOn: new Date(Date.UTC(2026, 10, 9)), concept: false });
}

const site = editionFiles([
  { period: september, model: model(september) },
  { period: july, model: model(july) },
]);
// ignoreBOM: keep the BOM the CSV starts with, so the test can see it.
const text = (file: EditionFile | undefined) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(file?.bytes);
const page = (path: string) => {
  const file = site.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path}; there are ${site.map((f) => f.path).join(', ')}`);
  return text(file);
};
/** What a reader reads: tags out, entities back. */
const readable = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)))
    .replace(/\s+/g, ' ');

/** The body rows of the table captioned `caption`, each as its cells' text. */
function tableRows(html: string, caption: string): string[][] {
  const table = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).find((t) => readable(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? '').trim() === caption);
  if (!table) throw new Error(`no table "${caption}"`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => readable(c[1] as string).trim()));
}

describe('the web edition pages, from the report model', () => {
  it('prints on a municipality\'s page the numbers of its paragraph and of the organisation, as the model has them', () => {
    const m = model(september);
    const groot = m.paragraphs.find((p) => p.municipality === 'Grootstad');
    const html = page('grootstad/2026-09/index.html');
    for (const [tables, area] of [[groot?.tables ?? [], 'gemeente Grootstad'], [m.organisationPart.tables, 'organisatie']] as const) {
      for (const t of tables) {
        expect(tableRows(html, `${t.kind} – ${area}`)).toEqual(t.rows.map((r) => [r.label, r.current.text, r.previous.text, r.lastYear.text, expect.any(String)]));
      }
    }
  });

  it('shows a small count as the PDF does, "< 5", in the page and in the CSV, never its value', () => {
    const klein = model(september).paragraphs.find((p) => p.municipality === 'Kleindorp');
    expect(klein?.indicators.find((r) => r.id === 'instroom')?.current.text).toBe('< 5');
    expect(readable(page('kleindorp/2026-09/index.html'))).toContain('< 5');
    const csv = page('kleindorp/2026-09/cijfers.csv');
    expect(csv.startsWith('\uFEFFGebied;Indicator;Omschrijving;Eenheid;Soort;Periode;Waarde;Zoals gepubliceerd\r\n')).toBe(true);
    // Its instroom is hidden in all three columns, so left out of its table (as in the PDF); its chart's table shows it.
    const line = csv.split('\r\n').find((l) => l.startsWith('gemeente Kleindorp;instroom;Instroom;aantal;periode;september–oktober 2026;'));
    expect(line).toBe('gemeente Kleindorp;instroom;Instroom;aantal;periode;september–oktober 2026;;< 5');
    expect(csv).toContain('gemeente Kleindorp;bijstand;Bijstand;aantal;tabel;stand eind oktober 2026;88;88\r\n');
  });

  it('keeps every file of a municipality to its own numbers and the organisation\'s: no other municipality\'s name or figure', () => {
    const grootFiles = site.filter((f) => f.path.startsWith('grootstad/'));
    expect(grootFiles.map((f) => f.path)).toEqual(expect.arrayContaining(['grootstad/index.html', 'grootstad/2026-09/index.html', 'grootstad/2026-07/index.html', 'grootstad/indicator/bijstand/index.html', 'grootstad/2026-09/cijfers.csv']));
    for (const file of grootFiles) {
      const content = text(file);
      for (const other of ['Kleindorp', 'Anderveen', 'kleindorp', 'anderveen']) expect(content, `${file.path} names ${other}`).not.toContain(other);
      // Ander's own bijstand, in every way it could be printed.
      for (const figure of ['4.321', '4321']) expect(content, `${file.path} shows ${figure}`).not.toContain(figure);
    }
    const organisationFiles = site.filter((f) => f.path.startsWith(`${ORGANISATION_SLUG}/`));
    for (const file of organisationFiles) for (const name of ['Grootstad', 'Kleindorp', 'Anderveen']) expect(text(file), file.path).not.toContain(name);
  });

  it('has a page per indicator with its value in each released period, the municipality\'s and the organisation\'s, and the goal', () => {
    const printed = (period: Period, id: string, municipality?: string) => {
      const m = model(period);
      const rows = municipality ? m.paragraphs.find((p) => p.municipality === municipality)?.indicators : m.organisationPart.indicators;
      return rows?.find((r) => r.id === id)?.current.text;
    };
    expect(tableRows(page('grootstad/indicator/bijstand/index.html'), 'Bijstand per periode')).toEqual([
      ['juli–augustus 2026', '1.234', printed(july, 'bijstand'), '3.000'],
      ['september–oktober 2026', '1.234', printed(september, 'bijstand'), '3.000'],
    ]);
    expect(printed(september, 'bijstand', 'Grootstad')).toBe('1.234');
    // A flow's goal per period: a sixth of the yearly 600; the organisation's figure as the edition printed it ("ca. 100").
    expect(tableRows(page('organisatie/indicator/instroom/index.html'), 'Instroom per periode')).toEqual([
      ['juli–augustus 2026', printed(july, 'instroom'), '100'],
      ['september–oktober 2026', printed(september, 'instroom'), '100'],
    ]);
  });

  it('links between the pages relatively, so the same files work under /editie/ and at the root', () => {
    const latest = page('grootstad/index.html');
    expect(latest).toContain('href="../assets/editie.css"');
    expect(latest).toContain('href="2026-07/"');
    expect(latest).toContain('href="2026-09/cijfers.csv" download="cijfers-grootstad-2026-09.csv"');
    expect(page('grootstad/2026-07/index.html')).toContain('href="../2026-09/">');
    expect(page('grootstad/indicator/instroom/index.html')).toContain('href="../../../assets/editie.css"');
    expect(site.flatMap((f) => [...text(f).matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1] as string)).filter((href) => /^(\/|https?:)/.test(href))).toEqual([]);
  });

  it('marks the period on show in the period picker, the latest named as such', () => {
    const html = page('grootstad/2026-07/index.html');
    expect(html).toContain('<a class="utrecht-link utrecht-link-list__link" href="../2026-07/" aria-current="page">juli–augustus 2026</a>');
    expect(html).toContain('september–oktober 2026 (laatste)');
  });

  it('keeps every page under 150 KB, charts and tables included', () => {
    for (const file of site.filter((f) => f.path.endsWith('.html'))) expect(file.bytes.length, file.path).toBeLessThan(150 * 1024);
  });

  it('never gives a municipality the organisation\'s folder or the assets\'', () => {
    expect(editionSlug('Organisatie')).toBe('gemeente-organisatie');
    expect(editionSlug('Assets')).toBe('gemeente-assets');
    expect(editionSlug('West Maas en Waal')).toBe('west-maas-en-waal');
    expect(periodId(september)).toBe('2026-09');
  });

  it('puts the operators\' images beside the page, a municipality\'s own only in its own folder', () => {
    // Prepare: an organisation-wide image in the commentary and one for Kleindorp alone
    const m = model(september);
    const image = (id: string, text: string) => ({ id, alt: `Grafiek ${id}`, source: 'Divosa', src: `data:image/png;base64,${Buffer.from(text).toString('base64')}`, width: 800, height: 400 });
    const withImages: ReportModel = {
      organisationPart: { ...m.organisationPart, images: { ...m.organisationPart.images, toelichting: [image('divosa', 'PNG-A')] } },
      paragraphs: m.paragraphs.map((p) => (p.municipality === 'Kleindorp' ? { ...p, images: [image('eigen', 'PNG-B')] } : p)),
    };
    // Act
    const files = editionFiles([{ period: september, model: withImages }]);
    // Assess
    const file = (path: string) => files.find((f) => f.path === path);
    expect(text(file('grootstad/2026-09/afbeeldingen/divosa.png'))).toBe('PNG-A');
    expect(text(file('kleindorp/2026-09/afbeeldingen/eigen.png'))).toBe('PNG-B');
    expect(files.filter((f) => f.path.endsWith('eigen.png')).map((f) => f.path)).toEqual(['kleindorp/2026-09/afbeeldingen/eigen.png']);
    expect(text(file('kleindorp/index.html'))).toContain('<img src="2026-09/afbeeldingen/eigen.png" alt="Grafiek eigen" width="800" height="400">');
    expect(text(file('kleindorp/2026-09/index.html'))).toContain('<img src="afbeeldingen/divosa.png" alt="Grafiek divosa"');
    expect(text(file('grootstad/2026-09/index.html'))).not.toContain('eigen.png');
  });
});
