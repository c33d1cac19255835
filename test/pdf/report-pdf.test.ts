import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { testOrganisation } from '../support/organisation';
import { pdfText } from '../support/test-stack';
import { type PdfFacts, pdfFacts } from './pdf-inspect';

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

  beforeAll(async () => {
    // Prepare: the demo model, rendered the way a run renders it.
    const model = demoReportModel(period, organisation);
    const renderer = new ReportRenderer();
    const paragraph = model.paragraphs.find((p) => p.municipality === SMALL);
    if (!paragraph) throw new Error(`no paragraph for ${SMALL}`);
    const commentary = '## Instroom\n\nDe instroom **daalt** licht.\n\n- minder aanvragen\n- snellere afhandeling';
    const part = { ...model.organisationPart, commentary };
    printer = await launchPrinter();
    // Act
    pdf = await printer.print(renderer.reportHtml(part, renderer.organisationHtml(part), paragraph));
    ({ text, pages } = await pdfText(pdf));
    facts = await pdfFacts(pdf);
    const concept = { ...part, concept: true };
    conceptText = (await pdfText(await printer.print(renderer.reportHtml(concept, renderer.organisationHtml(concept), paragraph)))).text;
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

  it('hides small counts as "< 5" and says so under the table', () => {
    expect(text).toContain('< 5');
    expect(text).toMatch(/Aantallen kleiner dan 5 worden niet getoond/);
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

  it('stays well under the size a mailbox minds', () => {
    expect(pdf.length).toBeLessThan(400 * 1024);
  });

  it('marks a concept run as CONCEPT', () => {
    expect(conceptText).toContain('CONCEPT');
    expect(text).not.toContain('CONCEPT');
  });
});
