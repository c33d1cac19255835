import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { editionFiles } from '../../functions/core/edition-site';
import { blockingGaps, goesOnWithoutMunicipalFigures, lateMunicipalities, reminderDue } from '../../functions/core/municipal-delivery';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith, parsePeriod } from '../../functions/core/periods';
import { missingFigures } from '../../functions/core/readiness';
import { HISTORY_MONTHS, buildReportModel } from '../../functions/core/report-model';
import { demoOrganisation } from '../../functions/local/demo-data';
import { sampleFigures } from '../../functions/local/sample-data';

const period = parsePeriod('2026-09');
const demo = demoOrganisation();
const doorgaan = { ...demo, calendar: { ...demo.calendar, withoutMunicipalFigures: 'continue' as const } };

/** The demo's figures, Tiel without its arbeidsmatige dagbesteding over the period and Buren with a small count of it. */
function figures(): Figure[] {
  return sampleFigures(demo, monthsEndingWith(period, HISTORY_MONTHS))
    .filter((f) => !(f.municipality === 'Tiel' && f.indicator === 'dagbesteding' && f.month >= '2026-09'))
    .map((f) => (f.municipality === 'Buren' && f.indicator === 'dagbesteding' && f.month >= '2026-09' ? { ...f, value: 2 } : f));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('a report without a municipality\'s own figures', () => {
  const model = buildReportModel({ organisation: doorgaan, period, figures: figures(), benchmarks: [], commentary: null, issuedOn: new Date('2026-11-11T08:00:00Z'), concept: true });
  const row = (indicators: readonly { id: string; current: { text: string } }[]) => indicators.find((i) => i.id === 'dagbesteding')?.current.text;
  const tiel = model.paragraphs.find((p) => p.municipality === 'Tiel');
  const buren = model.paragraphs.find((p) => p.municipality === 'Buren');

  it('prints the municipality\'s values as "niet aangeleverd" and the organisation total as "geen gegevens", both explained', () => {
    expect(row(tiel?.indicators ?? [])).toBe('niet aangeleverd');
    expect(tiel?.notDeliveredNote).toBe('Tiel heeft de eigen cijfers over inwoners in arbeidsmatige dagbesteding over deze periode niet op tijd aangeleverd; ze staan er als “niet aangeleverd”.');
    expect(row(model.organisationPart.indicators)).toBe('geen gegevens');
    expect(model.organisationPart.notDeliveredNote).toContain('het totaal van de organisatie staat er daarom als “geen gegevens”');
    expect(model.organisationPart.notDeliveredNote).not.toContain('Tiel');
    expect(buren?.notDeliveredNote).toBeUndefined();
  });

  it('still hides a small count of another municipality', () => {
    expect(row(buren?.indicators ?? [])).toBe(`< ${demo.suppressionThreshold}`);
  });

  it('carries both explanations into the report\'s HTML, the paragraph\'s only in that municipality\'s part', () => {
    const renderer = new ReportRenderer();
    expect(text(renderer.organisationHtml(model.organisationPart))).toContain('Niet alle gemeenten hebben hun eigen cijfers over inwoners in arbeidsmatige dagbesteding');
    expect(text(renderer.municipalityPart(model.organisationPart, tiel as NonNullable<typeof tiel>).html)).toContain('Tiel heeft de eigen cijfers over inwoners in arbeidsmatige dagbesteding');
    expect(text(renderer.municipalityPart(model.organisationPart, buren as NonNullable<typeof buren>).html)).not.toContain('niet op tijd aangeleverd');
  });

  it('explains both in the web edition too, as the PDF does (the pages showed "niet aangeleverd" and "geen gegevens" without a word why)', () => {
    const site = editionFiles([{ period, model }]);
    const page = (path: string) => text(new TextDecoder().decode(site.find((f) => f.path === path)?.bytes));
    const note = (s: string | undefined) => s ?? 'no note in the model';
    expect(page('tiel/2026-09/index.html')).toContain(note(tiel?.notDeliveredNote));
    expect(page('tiel/2026-09/index.html')).toContain(note(model.organisationPart.notDeliveredNote));
    expect(page('organisatie/2026-09/index.html')).toContain(note(model.organisationPart.notDeliveredNote));
    expect(page('buren/2026-09/index.html')).not.toContain('niet op tijd aangeleverd');
  });
});

describe('when the report goes on without a municipality', () => {
  const missing = missingFigures({ period, municipalities: demo.municipalities.map((m) => m.name), catalogue: { version: 1, indicators: demo.indicators }, figures: figures() });

  it('reminds on the data deadline and the two working days after it, over a weekend', () => {
    // The deadline is Friday 6 November 2026.
    expect(['2026-11-05', '2026-11-06', '2026-11-07', '2026-11-09', '2026-11-10', '2026-11-11'].map((d) => reminderDue(period, demo, d))).toEqual([undefined, 1, undefined, 2, 3, undefined]);
  });

  it('holds the report up until the last reminder\'s day is over, and then only with doorgaan', () => {
    expect(lateMunicipalities(missing, demo)).toEqual([{ municipality: 'Tiel', missing }]);
    expect(blockingGaps(missing, doorgaan, period, '2026-11-10')).toEqual(missing);
    expect(goesOnWithoutMunicipalFigures(period, doorgaan, '2026-11-11')).toBe(true);
    expect(blockingGaps(missing, doorgaan, period, '2026-11-11')).toEqual([]);
    expect(blockingGaps(missing, demo, period, '2026-12-01')).toEqual(missing);
  });
});
