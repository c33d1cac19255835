import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { testOrganisation } from '../support/organisation';
import { pdfText } from '../support/test-stack';
import { readFileSync } from 'node:fs';
import { undoubled } from '../../functions/adapters/pdf-finish';
import { countPdfPages } from '../../functions/usecases/run-report';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { type PdfFacts, contentMarking, outlineTitles, pdfFacts, pdfPages, structureTypes, textItems, xmpMetadata } from './pdf-inspect';

const period = { year: 2026, firstMonth: 9, length: 2 } as const;
const organisation = testOrganisation();
const names = organisation.municipalities.map((m) => m.name);
// The smallest municipality: its paragraph has hidden counts.
const SMALL = 'West Maas en Waal';

describe('the printed report (real Chromium)', () => {
  let printer: ReportPrinter;
  let pdf: Uint8Array;
  let text: string;
  let pages: number;
  let facts: PdfFacts;
  let conceptText: string;
  let conceptPdf: Uint8Array;
  let ownLine: string;

  beforeAll(async () => {
    // Prepare: the demo model, rendered the way a run renders it.
    const model = demoReportModel(period, organisation);
    const renderer = new ReportRenderer();
    const paragraph = model.paragraphs.find((p) => p.municipality === SMALL);
    if (!paragraph) throw new Error(`no paragraph for ${SMALL}`);
    ownLine = paragraph.summary;
    const commentary = '## Instroom\n\nDe instroom **daalt** licht.\n\n- minder aanvragen\n- snellere afhandeling';
    const part = { ...model.organisationPart, commentary };
    printer = await launchPrinter();
    // Act
    pdf = await printer.print(renderer.reportHtml(part, renderer.organisationHtml(part), paragraph));
    ({ text, pages } = await pdfText(pdf));
    facts = await pdfFacts(pdf);
    const concept = { ...part, concept: true };
    conceptPdf = await printer.print(renderer.reportHtml(concept, renderer.organisationHtml(concept), paragraph));
    conceptText = (await pdfText(conceptPdf)).text;
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('names the period in Dutch, every indicator and the risk note', () => {
    expect(text).toContain('september–oktober 2026');
    for (const indicator of organisation.indicators) expect(text).toContain(indicator.label);
    expect(text).toMatch(/geen relatie tussen de gemeentespecifieke kengetallen en de financiële afrekening/);
    expect(text).toContain('Grafieken');
    expect(text).toContain('Realisatie tegenover het doel');
  });

  it('holds the municipality’s own paragraph and no other municipality’s name', () => {
    expect(text).toContain(`Gemeentespecifieke paragraaf ${SMALL}`);
    for (const other of names.filter((n) => n !== SMALL)) expect(text, `names ${other}`).not.toContain(other);
  });

  it('hides small counts as "< 5" and says so under the table, in periods as the charts show them', () => {
    expect(text).toContain('< 5');
    expect(text).toMatch(/Aantallen kleiner dan 5 staan er als “< 5”/);
    expect(text).toMatch(/In de grafieken loopt de lijn in die perioden niet door/);
    expect(text).not.toMatch(/in die maanden/);
  });

  it('speaks of kengetallen, not of kerngetallen', () => {
    expect(text).toContain('Kengetallen');
    expect(text).not.toMatch(/kerngetal/i);
  });

  it('opens page 1 with "In het kort", followed by the municipality’s own paragraph', async () => {
    const first = (await pdfPages(pdf))[0] ?? '';
    expect(first.indexOf('In het kort')).toBeGreaterThan(0);
    expect(first.indexOf('In het kort')).toBeLessThan(first.indexOf(`Gemeentespecifieke paragraaf ${SMALL}`));
    expect(first).toMatch(/\d+ op koers, \d+ aandacht, \d+ achter/);
  });

  it('says on page 1, in In het kort, how the reader’s own municipality moved', async () => {
    const first = ((await pdfPages(pdf))[0] ?? '').replace(/\s+/g, ' ');
    expect(ownLine).toMatch(new RegExp(`^In ${SMALL} de grootste bewegingen ten opzichte van juli–augustus 2026: `));
    expect(first).toContain(ownLine);
    expect(first.indexOf(ownLine)).toBeLessThan(first.indexOf(`Gemeentespecifieke paragraaf ${SMALL}`));
  });

  it('heads the tables with what a value is: a stand at the end of a month, or the months of a stroom added up', () => {
    expect(text).toContain('stand eind oktober 2026');
    expect(text).toContain('september + oktober 2026');
    expect(text).toMatch(/procentpunt \((gunstig|ongunstig)\)/);
  });

  it('has no financial figures', () => {
    expect(text).not.toContain('€');
    expect(text).not.toMatch(/\bEUR\b|euro/i);
  });

  it('renders the commentary’s Markdown', () => {
    expect(text).toContain('Toelichting');
    expect(text).toContain('De instroom daalt licht.');
    expect(text).not.toContain('**');
  });

  it('is a tagged A4 document in Dutch with a title and an outline', () => {
    expect(facts.tagged).toBe(true);
    expect(facts.hasStructTree).toBe(true);
    expect(facts.lang).toBe('nl');
    expect(facts.title).toBe(`Tweemaandelijkse rapportage Werkzaak Rivierenland september–oktober 2026 – ${SMALL}`);
    // h1, h2 per section and h3 per chart: far more bookmarks than pages.
    expect(facts.outlineCount).toBeGreaterThan(5);
    expect(pages).toBeGreaterThan(4);
  });

  it('embeds every font, and every font is Source Sans 3 (Lambda has no fallback font)', () => {
    expect(facts.fonts.length).toBeGreaterThan(0);
    for (const font of facts.fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name, 'a glyph fell back to a system font').toMatch(/SourceSans3/);
    }
  });

  it('prints page numbers and the period in the footer', () => {
    expect(text).toMatch(/pagina 1 van \d+/);
    expect(text).toContain('Werkzaak Rivierenland · september–oktober 2026');
  });

  it('stays well under the size a mailbox minds: at most 200 KB', () => {
    expect(pdf.length).toBeLessThanOrEqual(200 * 1024);
  });

  it('marks a concept run as CONCEPT', () => {
    expect(conceptText).toContain('CONCEPT');
    expect(text).not.toContain('CONCEPT');
  });

  it('draws the concept’s watermark as an artifact behind every page', async () => {
    const marking = await contentMarking(conceptPdf);
    for (const [i, page] of marking.entries()) {
      expect(page.unmarked, `page ${i + 1}`).toBe(0);
      expect(page.artifacts.Watermark, `page ${i + 1}`).toBe(1);
    }
  });
});

describe.each([
  ['examples/werkzaak-rivierenland/organisatie.yaml', { year: 2026, firstMonth: 9, length: 2 }],
  ['examples/sociaal-domein-bel-huizen/organisatie.yaml', { year: 2026, firstMonth: 7, length: 3 }],
] as const)('the printed report of %s for a reader and a screen reader (real Chromium)', (file, period) => {
  const organisation = parseOrganisationFile(readFileSync(file, 'utf8'), file);
  let printer: ReportPrinter;
  let pdf: Uint8Array;
  let pages: string[];
  let municipality: string;

  beforeAll(async () => {
    // Prepare: the last municipality's report, swapped into the shell as a run prints it.
    const model = demoReportModel(period, organisation);
    const renderer = new ReportRenderer();
    const part = { ...model.organisationPart, commentary: '## Instroom\n\nDe instroom daalt.\n\n#### Oorzaken\n\nMinder aanvragen.' };
    const paragraph = model.paragraphs.at(-1);
    if (!paragraph) throw new Error('no paragraph');
    municipality = paragraph.municipality;
    printer = await launchPrinter({ pages: 1 });
    // Act
    pdf = await printer.printPart(renderer.reportShell(part, renderer.organisationHtml(part)), renderer.municipalityPart(part, paragraph));
    pages = await pdfPages(pdf);
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('carries XMP metadata for PDF/UA: pdfuaid:part 1, the title and the language', async () => {
    const xmp = (await xmpMetadata(pdf)) ?? '';
    const { title } = await pdfFacts(pdf);
    expect(xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${title}</rdf:li>`);
    expect(xmp).toMatch(/<dc:language><rdf:Bag><rdf:li>nl<\/rdf:li><\/rdf:Bag><\/dc:language>/);
  });

  it('keeps the structure tree in compressed object streams, the pages countable, and no font whole', async () => {
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toMatch(/\/Type \/ObjStm/);
    expect(raw).not.toContain('/StructElem');
    // The run's summary counts the pages in the bytes.
    expect(countPdfPages(pdf)).toBe(pages.length);
    // Chromium subsets its fonts; the footer's font is a subset too (a name with a six-letter tag).
    for (const font of (await pdfFacts(pdf)).fonts) expect(font.name).toMatch(/^[A-Z]{6}\+/);
    expect(pdf.length).toBeLessThanOrEqual(200 * 1024);
  });

  it('marks everything it paints: content is tagged, footer and page numbers are pagination artifacts', async () => {
    const marking = await contentMarking(pdf);
    expect(marking).toHaveLength(pages.length);
    for (const [i, page] of marking.entries()) {
      expect(page.unmarked, `page ${i + 1} paints untagged content`).toBe(0);
      expect(page.tagged, `page ${i + 1}`).toBeGreaterThan(0);
      expect(page.artifacts.Footer, `page ${i + 1}`).toBe(2);
    }
    expect(pages[0]).toMatch(new RegExp(`pagina 1 van ${pages.length}`));
  });

  it('has one H1 and heading levels that never skip one', async () => {
    const headings = (await structureTypes(pdf)).filter((t) => /^H[1-6]$/.test(t)).map((t) => Number(t.slice(1)));
    expect(headings[0]).toBe(1);
    expect(headings.filter((h) => h === 1)).toHaveLength(1);
    for (let i = 1; i < headings.length; i++) expect(headings[i] as number, `heading ${i}: H${headings[i - 1]} then H${headings[i]}`).toBeLessThanOrEqual((headings[i - 1] as number) + 1);
  });

  it('lists each outline title once, none doubled', async () => {
    const titles = await outlineTitles(pdf);
    expect(titles.length).toBeGreaterThan(10);
    expect(titles).toContain('In het kort');
    expect(new Set(titles).size).toBe(titles.length);
    for (const title of titles) expect(undoubled(title), title).toBeNull();
  });

  it('prints nothing smaller than 9 pt', async () => {
    const { items } = await textItems(pdf);
    const small = items.filter((item) => item.size < 8.99);
    expect(small.map((item) => `${item.text} ${item.size.toFixed(2)} pt (page ${item.page})`)).toEqual([]);
  });

  it('fills every page but the last at least a third', async () => {
    const { items, pages: count, pageHeight } = await textItems(pdf);
    const mm = 72 / 25.4;
    const [top, bottom] = [pageHeight - 18 * mm, 20 * mm];
    for (let page = 1; page < count; page++) {
      const lowest = Math.min(...items.filter((item) => item.page === page && item.y > bottom).map((item) => item.y));
      expect((top - lowest) / (top - bottom), `page ${page}`).toBeGreaterThan(1 / 3);
    }
  });

  it('keeps each intro whole and on the page of what it introduces, a table with its first row', () => {
    const first = (phrase: string) => pages.findIndex((page) => page.includes(phrase));
    const stock = organisation.indicators.find((i) => i.aggregation === 'last')?.label ?? '';
    const goal = organisation.indicators.find((i) => i.aggregation === 'last' && Object.keys(i.goals).length > 0)?.label ?? '';
    const intros: [string, string, ...string[]][] = [
      ['De kengetallen met alleen de cijfers', 'staan verderop.', `Standen – gemeente ${municipality}`, stock],
      [`De belangrijkste kengetallen van ${municipality}`, 'niet per gemeente.', 'Cijfers bij de grafiek:'],
      ['De kengetallen van de dienstverlening', 'afgerond hetzelfde is, heet gelijk.', 'Standen – organisatie', stock],
      ['De realisatie van januari', 'verschil in procentpunten.', 'Realisatie tegenover het doel', goal],
      ['De organisatie naast de Divosa-benchmark', 'gunstiger doet dan de benchmark.', 'Ontwikkeling ten opzichte van dezelfde periode vorig jaar'],
      ['De belangrijkste kengetallen over de laatste', 'Onder elke grafiek staan de cijfers.', 'per maand'],
    ];
    for (const [start, end, ...next] of intros) {
      const page = first(start);
      expect(page, start).toBeGreaterThanOrEqual(0);
      expect(pages[page], `"${start}" ends on its page`).toContain(end);
      let after = (pages[page] ?? '').slice((pages[page] ?? '').indexOf(end));
      for (const phrase of next) {
        expect(after, `"${start}" is followed on its page by "${phrase}"`).toContain(phrase);
        after = after.slice(after.indexOf(phrase) + phrase.length);
      }
    }
  });
});
