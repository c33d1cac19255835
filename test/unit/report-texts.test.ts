import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import type { Figure, OrganisationConfig } from '../../functions/core/organisation';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { monthsEndingWith } from '../../functions/core/periods';
import { HISTORY_MONTHS, buildReportModel } from '../../functions/core/report-model';
import { sampleBenchmarks, sampleFigures } from '../../functions/local/sample-data';
import { testIndicator, testOrganisation } from '../support/organisation';

/** The text a reader gets from a rendered page: tags gone, entities read, white space single. */
const words = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/\s+/g, ' ')
    .trim();

const renderer = new ReportRenderer();

/** The report of each municipality and its mail, as a reader gets them. */
function render(organisation: OrganisationConfig, period: { year: number; firstMonth: number; length: 2 | 3 }, options: { figures?: Figure[]; benchmarks?: boolean } = {}) {
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  const model = buildReportModel({
    organisation,
    period,
    figures: options.figures ?? sampleFigures(organisation, months),
    benchmarks: options.benchmarks ? sampleBenchmarks(organisation.indicators, [period.year - 1, period.year]) : [],
    commentary: null,
    issuedOn: new Date(Date.UTC(period.year, period.firstMonth + 1, 1)),
    concept: false,
  });
  const part = model.organisationPart;
  const organisationHtml = renderer.organisationHtml(part);
  return {
    model,
    report: (municipality: string) => {
      const paragraph = model.paragraphs.find((p) => p.municipality === municipality);
      if (!paragraph) throw new Error(`no paragraph for ${municipality}`);
      return words(renderer.reportHtml(part, organisationHtml, paragraph));
    },
    mail: (municipality: string) => renderer.mail(part, { municipality, addressees: [{ name: 'AB-lid', role: 'ab-lid' }] }),
  };
}

const BEL_HUIZEN = parseOrganisationFile(
  readFileSync(path.resolve(import.meta.dirname, '../../examples/sociaal-domein-bel-huizen/organisatie.yaml'), 'utf8'),
  'organisatie.yaml',
);
const QUARTER = { year: 2026, firstMonth: 7, length: 3 } as const;

describe("another organisation's report and mail", () => {
  it('names its own indicators as the examples of what a favourable movement is, never the demo’s instroom and plaatsingen', () => {
    const report = render(BEL_HUIZEN, QUARTER).report('Huizen');
    expect(report).toContain(
      'er staat bij of de beweging gunstig is: bij cliënten met huishoudelijke hulp is een daling gunstig, bij inwoners geholpen door het begeleidingsteam een stijging.',
    );
    expect(report).toContain('Voor stromen (zoals nieuwe indicaties begeleiding en inwoners geholpen door het begeleidingsteam) telt het doel naar rato');
    expect(report).not.toMatch(/instroom|plaatsingen/i);
  });

  it('promises in the mail only what the attachment holds: no benchmark when none is imported', () => {
    const { mail, report } = render(BEL_HUIZEN, QUARTER);
    expect(mail('Huizen').text).toContain('bevat de kengetallen, de doelen en de cijfers van Huizen.');
    expect(mail('Huizen').html).toContain('bevat de kengetallen, de doelen en de cijfers van Huizen.');
    expect(mail('Huizen').text).not.toContain('Divosa');
    expect(report('Huizen')).not.toContain('Divosa');
  });

  it('promises no goals when none is set for the year, and the benchmark when one is imported', () => {
    const withoutGoals = { ...BEL_HUIZEN, indicators: BEL_HUIZEN.indicators.map((i) => ({ ...i, goals: {} })) };
    expect(render(withoutGoals, QUARTER).mail('Laren').text).toContain('bevat de kengetallen en de cijfers van Laren.');
    expect(render(withoutGoals, QUARTER, { benchmarks: true }).mail('Laren').text).toContain(
      'bevat de kengetallen, de vergelijking met de Divosa-benchmark en de cijfers van Laren.',
    );
  });

  it('says the rule for "gelijk" where the trends are explained, as the README does', () => {
    const report = render(BEL_HUIZEN, QUARTER).report('Huizen');
    const rule = 'Minder dan 0,5% verschil (bij percentages minder dan 0,05 procentpunt), of wat afgerond hetzelfde is, heet gelijk.';
    expect(report).toContain(rule);
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain('a movement of less than 0,5% (for a percentage less than 0,05 procentpunt), or what prints the same, is "gelijk"');
  });
});

describe("the municipality's own line in In het kort", () => {
  const period = { year: 2026, firstMonth: 9, length: 2 } as const;
  const indicators = [
    testIndicator('instroom', { label: 'Instroom', aggregation: 'sum', higherIsBetter: false, suppress: true }),
    testIndicator('bijstand', { label: 'Bijstand', aggregation: 'last', higherIsBetter: false, suppress: true }),
    testIndicator('wmo', { label: 'Wmo-cliënten', aggregation: 'last', higherIsBetter: false }),
  ];
  const municipalities = [
    { name: 'Groot', optedOut: false },
    { name: 'Klein', optedOut: false },
  ];
  /**
   * Before → from September 2026, per municipality. Klein's instroom falls to 2 a period: hidden
   * ("< 5"), and so is Groot's ("×"), which with the organisation's total would give Klein's away.
   */
  const VALUES: Record<string, Record<string, [number, number]>> = {
    Groot: { instroom: [50, 40], bijstand: [1000, 1100], wmo: [300, 300] },
    Klein: { instroom: [30, 1], bijstand: [400, 401], wmo: [80, 60] },
  };
  const figures = monthsEndingWith(period, 24).flatMap((month) =>
    Object.entries(VALUES).flatMap(([municipality, values]) =>
      Object.entries(values).map(([indicator, [before, now]]) => ({ municipality, indicator, month, value: month >= '2026-09' ? now : before })),
    ),
  );
  // Protected by complements (`onderdrukking: kleinste`): Groot's instroom is hidden as "×", so its own line must leave it out.
  const organisation = testOrganisation({ name: 'Werkbedrijf', municipalities, indicators, suppressionThreshold: 5, suppressionStrategy: 'kleinste' });

  it("gives each municipality its own largest movements, in its own numbers, before the line that says its figures come first", () => {
    const report = render(organisation, period, { figures }).report('Groot');
    const summary = report.slice(report.indexOf('In het kort'), report.indexOf('Gemeentespecifieke paragraaf'));
    // The organisation's line has the totals (1.400 → 1.501); Groot's its own, and not its hidden instroom.
    expect(summary).toContain('bijstand stijgt van 1.400 naar 1.501 (ongunstig)');
    expect(summary).toContain(
      'In Groot de grootste bewegingen ten opzichte van juli–augustus 2026: bijstand stijgt van 1.000 naar 1.100 (ongunstig). Hierna volgen eerst de cijfers van uw eigen gemeente',
    );
  });

  it('never shows a value its paragraph hides, and keeps the case of a name that starts with an abbreviation', () => {
    const { report, model } = render(organisation, period, { figures });
    const klein = model.paragraphs.find((p) => p.municipality === 'Klein');
    // Klein's instroom of 2 this period is hidden in its paragraph …
    expect(klein?.indicators[0]?.current.text).toBe('< 5');
    // … so its line names only what the paragraph shows: Wmo-cliënten (bijstand moved under 0,5%: level).
    expect(klein?.summary).toBe('In Klein de grootste bewegingen ten opzichte van juli–augustus 2026: Wmo-cliënten daalt van 80 naar 60 (gunstig).');
    expect(report('Klein')).toContain(`${klein?.summary} Hierna volgen`);
  });
});
