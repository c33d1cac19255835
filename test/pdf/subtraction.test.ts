import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { mapWithConcurrency } from '../../functions/core/concurrency';
import type { Indicator } from '../../functions/core/catalogue';
import { type Period, periodId, periodsEndingWith, previousPeriod, samePeriodLastYear } from '../../functions/core/periods';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { testOrganisation } from '../support/organisation';
import { type PeriodCells, type Printed, chartCells, periodTotal, tableCells } from '../support/report-text';
import { type LinkedGroup, type Seen, leaks } from '../support/subtraction-attack';
import { pdfText } from '../support/test-stack';

/**
 * The attack the suppression is for: someone holds every PDF of every run (reviewers get them
 * all; an AB meeting document may have to be published) and subtracts. Every municipality of the
 * demo gets the report here, so nothing stays unpublished by accident, and the runs are those of
 * every period of the demo's history.
 */
const LAST: Period = { year: 2026, firstMonth: 9, length: 2 };
const organisation = testOrganisation();
const everyone = { ...organisation, municipalities: organisation.municipalities.map((m) => ({ ...m, optedOut: false })) };
const counts = everyone.indicators.filter((i) => i.unit === 'aantal');
const KINDS: Record<Indicator['aggregation'], string> = { last: 'Standen', sum: 'Stromen', mean: 'Gemiddelden' };

/** What one run's PDFs print: per municipality its own cells, and the organisation's. */
interface RunText {
  readonly period: Period;
  readonly texts: ReadonlyMap<string, string>;
}

describe('no small count recovered by subtraction from every PDF of every run (real Chromium)', () => {
  let printer: ReportPrinter;
  const runs: RunText[] = [];

  beforeAll(async () => {
    // Prepare + Act: every run of the history, every municipality's PDF, printed as a run prints them.
    printer = await launchPrinter({ pages: 2 });
    const renderer = new ReportRenderer();
    for (const period of periodsEndingWith(LAST, HISTORY_MONTHS / LAST.length)) {
      const model = demoReportModel(period, everyone);
      const part = model.organisationPart;
      const shell = renderer.reportShell(part, renderer.organisationHtml(part));
      const texts = await mapWithConcurrency(model.paragraphs, 2, async (paragraph) => {
        const pdf = await printer.printPart(shell, renderer.municipalityPart(part, paragraph));
        return [paragraph.municipality, (await pdfText(pdf)).text] as const;
      });
      runs.push({ period, texts: new Map(texts) });
    }
  }, 900_000);

  afterAll(async () => {
    await printer?.close();
  });

  it('prints a report for every municipality of every run', () => {
    expect(runs).toHaveLength(HISTORY_MONTHS / LAST.length);
    for (const run of runs) expect([...run.texts.keys()].sort()).toEqual(everyone.municipalities.map((m) => m.name).sort());
  });

  it('leaves every hidden count its whole range, in every linked group of every run and of all runs together', () => {
    // Assess: read the PDFs as a spreadsheet would, and subtract.
    const groups = new Map<string, { total: number; slack: number; seen: Map<string, Printed[]> }>();
    const note = (key: string, known: { total: number; slack: number } | null, municipality: string, cell: Printed | undefined) => {
      if (known === null || !cell) return;
      const group = groups.get(key) ?? { ...known, seen: new Map() };
      expect(group.total, `organisation total of ${key}`).toBe(known.total);
      group.seen.set(municipality, [...(group.seen.get(municipality) ?? []), cell]);
      groups.set(key, group);
    };
    for (const run of runs) {
      const any = [...run.texts.values()][0] ?? '';
      for (const indicator of counts) {
        const organisationCells = tableCells(any, `${KINDS[indicator.aggregation]} – organisatie`, [indicator], run.period).get(indicator.id) as PeriodCells;
        const monthly = indicator.headline ? chartCells(any, indicator.label, 'maand') : null;
        for (const [municipality, text] of run.texts) {
          const own = tableCells(text, `${KINDS[indicator.aggregation]} – gemeente ${municipality}`, [indicator], run.period).get(indicator.id) as PeriodCells;
          for (const period of [run.period, previousPeriod(run.period), samePeriodLastYear(run.period)]) {
            const total = organisationCells.get(periodId(period));
            // The table's totals only where printed exactly; a rounded one comes from the chart's months.
            note(`${indicator.id} ${periodId(period)}`, total?.kind === 'value' ? { total: total.value, slack: 0 } : null, municipality, own.get(periodId(period)));
          }
          if (!monthly) continue;
          const history = chartCells(text, indicator.label, 'periode');
          for (const period of periodsEndingWith(run.period, HISTORY_MONTHS / LAST.length)) {
            note(`${indicator.id} ${periodId(period)}`, periodTotal(monthly, period, indicator.aggregation, everyone.suppressionThreshold), municipality, history.get(periodId(period)));
          }
        }
      }
    }

    // A value shown one way in one document and another way in another would be a leak of its own.
    const linked: LinkedGroup[] = [];
    for (const [id, group] of groups) {
      const seen = new Map<string, Seen>();
      for (const [municipality, cells] of group.seen) {
        const marks = new Set(cells.map((c) => JSON.stringify(c)));
        expect(marks.size, `${id} ${municipality} is printed as ${[...marks].join(' and ')}`).toBe(1);
        const cell = cells[0] as Printed;
        seen.set(municipality, cell.kind === 'missing' || cell.kind === 'rounded' ? { kind: 'unseen' } : cell);
      }
      linked.push({ id, total: group.total, slack: group.slack, seen });
    }
    expect(linked.length).toBeGreaterThan(counts.length * 12);
    // The attack finds small counts to attack: else this test would prove nothing.
    expect(linked.some((g) => [...g.seen.values()].some((s) => s.kind === 'small'))).toBe(true);
    expect(leaks(linked, everyone.suppressionThreshold)).toEqual([]);
  });
});
