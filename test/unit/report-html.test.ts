import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import type { Figure } from '../../functions/core/organisation';
import { monthsEndingWith } from '../../functions/core/periods';
import { buildReportModel } from '../../functions/core/report-model';
import { testIndicator, testOrganisation } from '../support/organisation';

const indicators = [
  testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true, goals: { '2026': 120 } }),
  testIndicator('plaatsingen', { label: 'Plaatsingen', aggregation: 'sum', higherIsBetter: true, suppress: true, goals: { '2026': 60 } }),
  testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false, suppress: true, goals: { '2026': 300 } }),
];
const period = { year: 2026, firstMonth: 9, length: 2 } as const;
const municipalities = [{ name: 'Groot', optedOut: false }, { name: 'Klein', optedOut: false }];

/** Every month: instroom 10 + 6, plaatsingen 4 + 3, bijstand 250 + 40 (Groot + Klein). */
function figures(): Figure[] {
  return monthsEndingWith(period, 24).flatMap((month) => [
    { municipality: 'Groot', indicator: 'instroom', month, value: 10 },
    { municipality: 'Klein', indicator: 'instroom', month, value: 6 },
    { municipality: 'Groot', indicator: 'plaatsingen', month, value: 4 },
    { municipality: 'Klein', indicator: 'plaatsingen', month, value: 3 },
    { municipality: 'Groot', indicator: 'bijstand', month, value: 250 },
    { municipality: 'Klein', indicator: 'bijstand', month, value: 40 },
  ]);
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A table of the HTML as a reader takes it in: each body row as its cells under their column headers. */
function tableAsRead(html: string, caption: string): Record<string, string>[] {
  const tables = [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((m) => m[1] as string);
  const table = tables.find((t) => text(/<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? '') === caption);
  if (!table) throw new Error(`no table captioned "${caption}"; captions: ${tables.map((t) => text(/<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? '')).join(' | ')}`);
  const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => text(m[1] as string));
  const headers = cells(/<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '');
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
    const row = cells(m[1] as string);
    expect(row, 'a cell for every column').toHaveLength(headers.length);
    return Object.fromEntries(headers.map((h, i) => [h, row[i] as string]));
  });
}

describe('the goal tables in the report, as a reader sees them', () => {
  const part = buildReportModel({
    organisation: testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: 5 }),
    period,
    figures: figures(),
    benchmarks: [],
    commentary: null,
    issuedOn: new Date(Date.UTC(2026, 10, 1)),
    concept: false,
  }).organisationPart;
  const html = new ReportRenderer().organisationHtml(part);

  it('shows a flow’s goal so far (the year goal pro rata) and its realisation so far, each under its own header', () => {
    // Act
    const rows = tableAsRead(html, 'Jaardoelen 2026 – stromen');
    // Assess: january to october is 10 of 12 months. Instroom: 120 a year is 100 so far, 16 a month
    // realised 160. Plaatsingen: 60 a year is 50 so far, 7 a month realised 70.
    expect(rows).toEqual([
      {
        Indicator: 'Instroom',
        'Jaardoel 2026': '120',
        'Doel januari t/m oktober 2026': '100',
        'Realisatie januari t/m oktober 2026': '160',
        'Verschil met doel': '60,0% slechter',
        Oordeel: 'achter',
      },
      {
        Indicator: 'Plaatsingen',
        'Jaardoel 2026': '60',
        'Doel januari t/m oktober 2026': '50',
        'Realisatie januari t/m oktober 2026': '70',
        'Verschil met doel': '40,0% beter',
        Oordeel: 'op koers',
      },
    ]);
  });

  it('shows a stock against the year goal itself, with no goal so far', () => {
    // Act
    const rows = tableAsRead(html, 'Jaardoelen 2026 – standen');
    // Assess
    expect(rows).toEqual([
      { Indicator: 'Bijstand', 'Jaardoel 2026': '300', 'Stand eind oktober 2026': '290', 'Verschil met doel': '3,3% beter', Oordeel: 'op koers' },
    ]);
  });
});
