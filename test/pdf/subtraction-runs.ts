import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchPrinter } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { FigureIndex, aggregateOverMonths } from '../../functions/core/aggregation';
import { mapWithConcurrency } from '../../functions/core/concurrency';
import type { Indicator } from '../../functions/core/catalogue';
import type { OrganisationConfig } from '../../functions/core/organisation';
import { type Period, monthsEndingWith, periodId, periodMonths, periodsEndingWith, previousPeriod, samePeriodLastYear } from '../../functions/core/periods';
import { HISTORY_MONTHS } from '../../functions/core/report-model';
import { sampleFigures } from '../../functions/local/sample-data';
import { type PeriodCells, type Printed, chartCells, periodTotal, tableCells } from '../support/report-text';
import { type LinkedGroup, type Seen, leaks } from '../support/subtraction-attack';

/**
 * The attack the suppression is for: someone holds every PDF of every run (reviewers get them
 * all; an AB meeting document may have to be published) and subtracts. The runs are those of
 * every period of two years of history.
 */
const LAST: Period = { year: 2026, firstMonth: 9, length: 2 };
const KINDS: Record<Indicator['aggregation'], string> = { last: 'Standen', sum: 'Stromen', mean: 'Gemiddelden' };
/** The rows a paragraph leaves out of its tables because all three values are hidden, as its sentence names them. */
const leftOut = (text: string) => /Niet in de tabellen, omdat[^:]*: ([^.]*)\./.exec(text)?.[1] ?? '';

/** What one run's PDFs print: per municipality its own cells, and the organisation's. */
interface RunText {
  readonly period: Period;
  readonly texts: ReadonlyMap<string, string>;
  /** Per municipality the text of each page of its PDF. */
  readonly pages: ReadonlyMap<string, readonly string[]>;
}

/**
 * The attack on every run of `organisation`'s two years of history, as a describe block. One file per
 * organisation (subtraction.test.ts, subtraction-opted-out.test.ts), so two workers print them at once.
 */
export function describeSubtractionAttack(title: string, organisation: OrganisationConfig): void {
  describe(`no small count recovered by subtraction from every PDF of every run (real Chromium): ${title}`, () => {
    const runs: RunText[] = [];
    // One Chromium for every run, as one run launches one for all its PDFs.
    let printer: ReportPrinter;
    afterAll(async () => {
      await printer?.close();
    });
    const counts = organisation.indicators.filter((i) => i.unit === 'aantal');
    const receiving = organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name);

    beforeAll(async () => {
      printer = await launchPrinter({ pages: 2 });
      // Prepare + Act: every run of the history, every municipality's PDF, printed as a run prints them.
      const renderer = new ReportRenderer();
      for (const period of periodsEndingWith(LAST, HISTORY_MONTHS / LAST.length)) {
        const model = demoReportModel(period, organisation);
        const part = model.organisationPart;
        const shell = renderer.reportShell(part, renderer.organisationHtml(part));
        const texts = await mapWithConcurrency(model.paragraphs, 2, async (paragraph) => {
          const pdf = await printer.printPart(shell, renderer.municipalityPart(part, paragraph));
          // Read once, page by page: the whole text is the pages joined, as pdfText (test-stack.ts) gives it.
          const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
          return [paragraph.municipality, text.join('\n').replace(/\s+/g, ' '), text.map((t) => t.replace(/\s+/g, ' '))] as const;
        });
        runs.push({ period, texts: new Map(texts.map(([m, t]) => [m, t])), pages: new Map(texts.map(([m, , p]) => [m, p])) });
      }
    }, 900_000);

    it('prints a report for every receiving municipality of every run', () => {
      expect(runs).toHaveLength(HISTORY_MONTHS / LAST.length);
      for (const run of runs) expect([...run.texts.keys()].sort()).toEqual([...receiving].sort());
    });

    it('leaves every hidden count its whole range, in every linked group of every run and of all runs together', () => {
      // Assess: read the PDFs as a spreadsheet would, and subtract.
      const groups = new Map<string, { total: number; slack: number; seen: Map<string, Printed[]> }>();
      // Values of rows left out of a table: hidden, "< 5" or "×" unknown — to the attacker no more than unseen.
      const leftOutCells = new Map<string, Set<string>>();
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
            // A row left out tells only that its three values are hidden, each "< 5" or "×".
            const isLeftOut = leftOut(text).includes(indicator.label);
            const own: PeriodCells = isLeftOut
              ? new Map()
              : (tableCells(text, `${KINDS[indicator.aggregation]} – gemeente ${municipality}`, [indicator], run.period).get(indicator.id) as PeriodCells);
            for (const period of [run.period, previousPeriod(run.period), samePeriodLastYear(run.period)]) {
              const key = `${indicator.id} ${periodId(period)}`;
              if (isLeftOut) leftOutCells.set(key, new Set([...(leftOutCells.get(key) ?? []), municipality]));
              const total = organisationCells.get(periodId(period));
              // The table's totals only where printed exactly; a rounded one comes from the chart's months.
              note(`${indicator.id} ${periodId(period)}`, total?.kind === 'value' ? { total: total.value, slack: 0 } : null, municipality, own.get(periodId(period)));
            }
            if (!monthly) continue;
            const history = chartCells(text, indicator.label, 'periode');
            for (const period of periodsEndingWith(run.period, HISTORY_MONTHS / LAST.length)) {
              note(`${indicator.id} ${periodId(period)}`, periodTotal(monthly, period, indicator.aggregation, organisation.suppressionThreshold), municipality, history.get(periodId(period)));
            }
          }
        }
      }

      // A value shown one way in one document and another way in another would be a leak of its own.
      const truth = new FigureIndex(sampleFigures(organisation, monthsEndingWith(LAST, HISTORY_MONTHS * 2)));
      const linked: LinkedGroup[] = [];
      for (const [id, group] of groups) {
        const unseen = [...organisation.municipalities.filter((m) => m.optedOut).map((m) => m.name), ...(leftOutCells.get(id) ?? [])];
        const seen = new Map<string, Seen>(unseen.map((m) => [m, { kind: 'unseen' }]));
        for (const [municipality, cells] of group.seen) {
          const marks = new Set(cells.map((c) => JSON.stringify(c)));
          expect(marks.size, `${id} ${municipality} is printed as ${[...marks].join(' and ')}`).toBe(1);
          const cell = cells[0] as Printed;
          seen.set(municipality, cell.kind === 'missing' || cell.kind === 'rounded' ? { kind: 'unseen' } : cell);
        }
        const [indicatorId, first] = id.split(' ') as [string, string];
        const indicator = counts.find((i) => i.id === indicatorId) as Indicator;
        const months = periodMonths({ year: Number(first.slice(0, 4)), firstMonth: Number(first.slice(5)), length: LAST.length });
        const unpublished = new Map(
          organisation.municipalities
            .filter((m) => m.optedOut)
            .map((m) => [m.name, aggregateOverMonths(truth.municipalitySeries(indicator.id, m.name), months, indicator.aggregation) as number]),
        );
        linked.push({ id, total: group.total, slack: group.slack, seen, unpublished });
      }
      expect(linked.length).toBeGreaterThan(counts.length * 12);
      // The attack finds small counts to attack: else this test would prove nothing.
      expect(linked.some((g) => [...g.seen.values()].some((s) => s.kind === 'small') || [...(g.unpublished?.values() ?? [])].some((v) => v > 0 && v < 5))).toBe(true);
      expect(leaks(linked, organisation.suppressionThreshold)).toEqual([]);
    });

    it('explains every "< 5" and "×" on the page it stands on', () => {
      // "ca." is plain Dutch (circa) and needs no legend in a sentence; in a table it has one, like the others.
      const marks = [
        { mark: /(^|\s)< 5(?= )/, meaning: /kleiner dan 5/ },
        { mark: /(^|\s)×(?= )/, meaning: /klein aantal elders te beschermen/ },
      ];
      let seen = 0;
      for (const run of runs) {
        for (const [municipality, pages] of run.pages) {
          pages.forEach((page, i) => {
            for (const { mark, meaning } of marks) {
              if (!mark.test(page)) continue;
              seen++;
              expect(page, `${municipality} ${periodId(run.period)} page ${i + 1}: ${mark}`).toMatch(meaning);
            }
          });
        }
      }
      expect(seen).toBeGreaterThan(0);
    });

    it('hides at most 3 values of a paragraph to protect another municipality, and at most one period of a kerngetal line', () => {
      for (const run of runs) {
        for (const [municipality, text] of run.texts) {
          let complements = 0;
          for (const indicator of counts) {
            const own = leftOut(text).includes(indicator.label)
              ? new Map<string, Printed>()
              : (tableCells(text, `${KINDS[indicator.aggregation]} – gemeente ${municipality}`, [indicator], run.period).get(indicator.id) as PeriodCells);
            const cells = new Map(own);
            if (indicator.headline) {
              const line = chartCells(text, indicator.label, 'periode');
              expect([...line.values()].filter((c) => c.kind === 'complement').length, `${municipality} ${indicator.id} ${periodId(run.period)}`).toBeLessThanOrEqual(1);
              for (const [p, c] of line) cells.set(p, c);
            }
            complements += [...cells.values()].filter((c) => c.kind === 'complement').length;
          }
          expect(complements, `${municipality} in ${periodId(run.period)}`).toBeLessThanOrEqual(3);
        }
      }
    });
  });
}
