import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { loadDemo } from '../support/organisation';
import { type TestStack, pdfText, runCli, sesStore, startTestStack } from '../support/test-stack';

/**
 * The numbers a reader finds in the PDFs, checked against figures this test imports itself as an
 * operator does (a CSV through `rapportbode import`), not against the code that computed them.
 * The indicators, their labels, which ones are stocks and which way is better are the product's
 * specification (README, "Importing figures"), written out here on purpose: a test that read them
 * from the catalogue would agree with a catalogue that is wrong.
 */

const nl = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const nl1 = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const count = (n: number) => nl.format(n);
const percentage = (n: number) => `${nl1.format(n)}%`;

/** Stocks ("stand"): a period shows its last month. `base` keeps every value well above the threshold of 5. */
const STOCKS = [
  { id: 'bijstand', label: 'Bijstandsuitkeringen Participatiewet', base: 300, format: count },
  { id: 'kandidaten', label: 'Kandidaten in bemiddeling', base: 150, format: count },
  { id: 'beschut-werk', label: 'Plekken beschut werk bezet', base: 12, format: count },
  { id: 'jongeren', label: 'Jongeren < 27 jaar in de uitkering', base: 20, format: count },
  { id: 'statushouders', label: 'Statushouders in de uitkering', base: 50, format: count },
  { id: 'trajecten', label: 'Lopende re-integratietrajecten', base: 90, format: count },
] as const;
const PERCENTAGE_STOCK = { id: 'werkend', label: 'Uitkeringsgerechtigden met inkomsten uit werk', base: 15 } as const;

/** The previous period (jul–aug 2026) and this one (sep–okt 2026). */
const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10'] as const;
type Month = (typeof MONTHS)[number];

/**
 * A stock's value in municipality number `i`: ten apart between municipalities, so a paragraph
 * with a neighbour's numbers is caught; September above October, so the last month differs from
 * the sum and from the mean of the period. August below October: the stock rises.
 */
const stockValue = (base: number, i: number, month: Month) => base + 10 * i + { '2026-07': 0, '2026-08': 1, '2026-09': 7, '2026-10': 4 }[month];
const percentageValue = (i: number, month: Month) => PERCENTAGE_STOCK.base + i + { '2026-07': 0, '2026-08': 0.2, '2026-09': 0.8, '2026-10': 0.4 }[month];

/**
 * Flows ("stroom", summed over the period) moving one way or the other, one for each pairing of
 * direction and which way is better, with bijstand (a stock, lower is better, rising) as the fourth.
 */
const FLOWS = [
  { id: 'instroom', label: 'Instroom in de bijstand', before: 30, now: 20 }, // lower is better, falls
  { id: 'uitstroom-werk', label: 'Uitstroom naar werk', before: 20, now: 30 }, // higher is better, rises
  { id: 'plaatsingen', label: 'Plaatsingen op werk', before: 40, now: 30 }, // higher is better, falls
] as const;
const flowValue = (flow: (typeof FLOWS)[number], i: number, month: Month) => (month < '2026-09' ? flow.before : flow.now) + i;

/**
 * A flow that is small this period in the first municipality only (1 + 2, hidden as "< 5") and
 * shown the period before (10 + 10): nothing else in its paragraph may give the 3 away.
 */
const HIDDEN = { id: 'no-riskpolis', label: 'Afgegeven no-riskpolissen' } as const;
const hiddenValue = (i: number, month: Month) => (i > 0 ? 10 + i : { '2026-07': 10, '2026-08': 10, '2026-09': 1, '2026-10': 2 }[month]);

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The text from `start` on, up to `end` when given: one table of the report. */
function section(text: string, start: string, end?: string): string {
  const from = text.indexOf(start);
  expect(from, `"${start}" in the report`).toBeGreaterThanOrEqual(0);
  const to = end ? text.indexOf(end, from + start.length) : -1;
  return text.slice(from, to > from ? to : undefined);
}

/** A municipality's own paragraph (its tables of stocks, flows and averages), up to the organisation's part. */
const paragraphOf = (text: string, municipality: string) => section(text, `Gemeentespecifieke paragraaf ${municipality}`, 'Standen – organisatie');
/** The organisation's tables, from the first (the stocks) on. */
const organisationOf = (text: string) => section(text, 'Standen – organisatie');

/** The development printed in an indicator's row: e.g. `stijgt (ongunstig)`. */
function development(table: string, label: string): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\<]/g, '\\$&');
  const match = new RegExp(`${escaped} [^()]*?(stijgt|daalt|gelijk)(?: [\\d,]+%)?(?: \\((gunstig|ongunstig)\\))?`).exec(table);
  return match ? [match[1], match[2] && `(${match[2]})`].filter(Boolean).join(' ') : `no row for ${label}`;
}

describe('the figures a reader finds in the report', () => {
  let stack: TestStack;
  let municipalities: { name: string; optedOut: boolean }[];
  /** Text of each municipality's PDF, by the municipality its paragraph names. */
  const pdfs = new Map<string, string>();

  beforeAll(async () => {
    // Prepare: the demo organisation (its history fills the report), then our own figures for
    // jul–okt 2026 imported over it for every municipality, as an operator imports an export.
    stack = await startTestStack('rb-figures');
    const env = { ...stack.env, MAX_SEND_RATE: '20' };
    // What `demo` loads, without its run: the concept below is the run whose PDFs are read.
    await loadDemo(stack.names.tableName, parsePeriod('2026-09'));
    municipalities = (JSON.parse((await runCli(['municipalities', 'list', '--json'], env)).stdout) as { municipalities: typeof municipalities })
      .municipalities;
    const rows = ['gemeente;indicator;maand;waarde'];
    for (const [i, { name }] of municipalities.entries()) {
      for (const month of MONTHS) {
        for (const stock of STOCKS) rows.push(`${name};${stock.id};${month};${stockValue(stock.base, i, month)}`);
        rows.push(`${name};${PERCENTAGE_STOCK.id};${month};${nl1.format(percentageValue(i, month))}`);
        for (const flow of FLOWS) rows.push(`${name};${flow.id};${month};${flowValue(flow, i, month)}`);
        rows.push(`${name};${HIDDEN.id};${month};${hiddenValue(i, month)}`);
      }
    }
    const file = path.join(stack.dir, 'cijfers.csv');
    writeFileSync(file, `${rows.join('\r\n')}\r\n`);
    const imported = await runCli(['import', file], env);
    expect(imported.code, imported.stderr).toBe(0);
    const before = (await sesStore(stack)).length;
    // Act: a concept run mails the reviewers each municipality's PDF as its AB would get it.
    const concept = await runCli(['run', '--period', '2026-09', '--concept'], env);
    expect(concept.code, `${concept.stdout}\n${concept.stderr}`).toBe(0);
    for (const mail of (await sesStore(stack)).slice(before)) {
      const attachment = mail.attachments.find((a) => a.contentType === 'application/pdf');
      const extracted = (await pdfText(Buffer.from(attachment?.content ?? '', 'base64'))).text;
      // A label that breaks at its hyphen in a table cell ("re- integratietrajecten") is read whole.
      const text = extracted.replace(/(\p{L})- (\p{L})/gu, '$1-$2');
      const name = /Gemeentespecifieke paragraaf (.+?) De kengetallen/.exec(text)?.[1] ?? `(no paragraph in "${mail.subject}")`;
      pdfs.set(name, text);
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('mails a report for every municipality but the one that opted out, which sits in the middle of the list', () => {
    // The setting the next test needs: a list offset by one goes wrong from the opted-out municipality on.
    const optedOut = municipalities.findIndex((m) => m.optedOut);
    expect(optedOut).toBeGreaterThan(0);
    expect(optedOut).toBeLessThan(municipalities.length - 1);
    expect([...pdfs.keys()].sort()).toEqual(municipalities.filter((m) => !m.optedOut).map((m) => m.name).sort());
  });

  it("shows in each municipality's paragraph that municipality's own figures", () => {
    for (const [i, { name, optedOut }] of municipalities.entries()) {
      if (optedOut) continue;
      const paragraph = paragraphOf(pdfs.get(name) ?? '', name);
      for (const stock of STOCKS) {
        // This period (october) and the previous one (august).
        const own = `${stock.label} ${stock.format(stockValue(stock.base, i, '2026-10'))} ${stock.format(stockValue(stock.base, i, '2026-08'))}`;
        expect(paragraph, `${name}: ${stock.label}`).toContain(own);
      }
      for (const flow of FLOWS) {
        const own = `${flow.label} ${count(2 * (flow.now + i))} ${count(2 * (flow.before + i))}`;
        expect(paragraph, `${name}: ${flow.label}`).toContain(own);
      }
    }
  });

  it('shows every stock as its last month: for the organisation the sum of the municipalities in october', () => {
    for (const text of pdfs.values()) {
      const organisation = organisationOf(text);
      for (const stock of STOCKS) {
        const october = sum(municipalities.map((_, i) => stockValue(stock.base, i, '2026-10')));
        const august = sum(municipalities.map((_, i) => stockValue(stock.base, i, '2026-08')));
        expect(organisation, stock.label).toContain(`${stock.label} ${count(october)} ${count(august)}`);
      }
      // A share of all benefits: the municipalities' percentages weighted by their bijstand, of the same (last) month.
      const bijstand = STOCKS[0];
      const weighted = (month: Month) =>
        sum(municipalities.map((_, i) => percentageValue(i, month) * stockValue(bijstand.base, i, month))) / sum(municipalities.map((_, i) => stockValue(bijstand.base, i, month)));
      const october = weighted('2026-10');
      const august = weighted('2026-08');
      expect(organisation, PERCENTAGE_STOCK.label).toContain(`${PERCENTAGE_STOCK.label} ${percentage(october)} ${percentage(august)}`);
    }
  });

  it('hides a small count in a paragraph and everything next to it that would give it away (secondary suppression)', () => {
    const first = municipalities[0] as { name: string; optedOut: boolean };
    expect(first.optedOut).toBe(false);
    const paragraph = paragraphOf(pdfs.get(first.name) ?? '', first.name);
    // This period 1 + 2 is hidden and the previous period's 20 shown: so no change in percent
    // beside them ("daalt 85,0%" would tell the 3), only "–".
    expect(paragraph).toMatch(new RegExp(`${HIDDEN.label} < 5 20 (< 5|\\d+) – `));
    expect(paragraph).toContain('Aantallen kleiner dan 5 staan er als');
    // The organisation's total 3 + (11 + … + 17) × 2 months is shown rounded ("ca.", each month
    // less than 5 off), so the others' shown values subtracted from it leave the 3 anything from 1 to 4.
    const organisation = organisationOf(pdfs.get(first.name) ?? '');
    const total = sum(municipalities.map((_, i) => hiddenValue(i, '2026-09') + hiddenValue(i, '2026-10')));
    const printed = new RegExp(`${HIDDEN.label} ca\\. (\\d+) `).exec(organisation)?.[1];
    expect(printed, 'the rounded total').toBeDefined();
    expect(Math.abs(Number(printed) - total)).toBeLessThan(2 * 5);
    expect(Number(printed) % 5).toBe(0);
  });

  it('calls a movement gunstig or ongunstig by which way is better, for all four pairings', () => {
    for (const text of pdfs.values()) {
      const organisation = organisationOf(text);
      // Lower is better: rising is bad news, falling good news.
      expect(development(organisation, 'Bijstandsuitkeringen Participatiewet')).toBe('stijgt (ongunstig)');
      expect(development(organisation, 'Instroom in de bijstand')).toBe('daalt (gunstig)');
      // Higher is better: rising is good news, falling bad news.
      expect(development(organisation, 'Uitstroom naar werk')).toBe('stijgt (gunstig)');
      expect(development(organisation, 'Plaatsingen op werk')).toBe('daalt (ongunstig)');
    }
  });
});
