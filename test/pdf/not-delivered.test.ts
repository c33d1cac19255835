import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith, parsePeriod } from '../../functions/core/periods';
import { HISTORY_MONTHS, buildReportModel } from '../../functions/core/report-model';
import { demoOrganisation } from '../../functions/local/demo-data';
import { sampleFigures } from '../../functions/local/sample-data';
import { pdfText } from '../support/test-stack';

const period = parsePeriod('2026-09');
const demo = demoOrganisation();
const organisation = { ...demo, calendar: { ...demo.calendar, withoutMunicipalFigures: 'continue' as const } };

/** The demo's figures, Tiel without its own arbeidsmatige dagbesteding over the period, Buren with a count below the threshold. */
function figures(): Figure[] {
  return sampleFigures(demo, monthsEndingWith(period, HISTORY_MONTHS))
    .filter((f) => !(f.municipality === 'Tiel' && f.indicator === 'dagbesteding' && f.month >= '2026-09'))
    .map((f) => (f.municipality === 'Buren' && f.indicator === 'dagbesteding' && f.month >= '2026-09' ? { ...f, value: 2 } : f));
}

describe('the printed report of a period a municipality did not deliver its own figures for (real Chromium)', () => {
  let printer: ReportPrinter;
  const text: Record<string, string> = {};

  beforeAll(async () => {
    const model = buildReportModel({ organisation, period, figures: figures(), benchmarks: [], commentary: null, issuedOn: new Date('2026-11-11T08:00:00Z'), concept: false });
    const renderer = new ReportRenderer();
    const organisationHtml = renderer.organisationHtml(model.organisationPart);
    printer = await launchPrinter();
    for (const municipality of ['Tiel', 'Buren']) {
      const paragraph = model.paragraphs.find((p) => p.municipality === municipality);
      if (!paragraph) throw new Error(`no paragraph for ${municipality}`);
      const pdf = await printer.print(renderer.reportHtml(model.organisationPart, organisationHtml, paragraph));
      text[municipality] = (await pdfText(pdf)).text.replace(/\s+/g, ' ');
    }
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('prints the late municipality\'s value as "niet aangeleverd" and says why, in its own report only', () => {
    // Once in the table, once in the sentence under it.
    expect(text.Tiel?.match(/niet aangeleverd/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text.Tiel).toContain('Tiel heeft de eigen cijfers over inwoners in arbeidsmatige dagbesteding over deze periode niet op tijd aangeleverd');
    expect(text.Buren).not.toContain('Tiel heeft de eigen cijfers');
  });

  it('prints the organisation total as "geen gegevens" and explains it without naming the municipality', () => {
    expect(text.Buren).toContain('Niet alle gemeenten hebben hun eigen cijfers over inwoners in arbeidsmatige dagbesteding over deze periode op tijd aangeleverd; het totaal van de organisatie staat er daarom als “geen gegevens”.');
    expect(text.Buren).toContain('geen gegevens');
  });

  it('still hides another municipality\'s small count', () => {
    expect(text.Buren).toContain(`< ${demo.suppressionThreshold}`);
    expect(text.Buren).not.toMatch(/Inwoners in arbeidsmatige dagbesteding 2 /);
  });
});
