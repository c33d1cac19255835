import type { OrganisationConfig } from '../core/organisation';
import { type Period, monthsEndingWith } from '../core/periods';
import { HISTORY_MONTHS, type ReportModel, buildReportModel } from '../core/report-model';
import { sampleBenchmarks, sampleFigures } from '../local/sample-data';
import { demoOrganisation } from '../local/demo-data';

/** The demo report model built in memory, without a stack: what the render benchmarks print. */
export function demoReportModel(period: Period, organisation: OrganisationConfig = demoOrganisation()): ReportModel {
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  return buildReportModel({
    organisation,
    period,
    figures: sampleFigures(organisation, months),
    benchmarks: sampleBenchmarks(organisation.indicators, [period.year - 1, period.year]),
    commentary: 'Benchmarkrapportage met gegenereerde cijfers.',
    issuedOn: new Date(Date.UTC(period.year, period.firstMonth + 1, 1)),
    concept: false,
  });
}

/** A synthetic organisation of `size` municipalities with the demo's indicators, for the scale benchmark. */
export function syntheticOrganisation(size: number): OrganisationConfig {
  return {
    ...demoOrganisation(),
    name: 'Werkbedrijf Benchmark',
    municipalities: Array.from({ length: size }, (_, i) => ({ name: `Gemeente ${String(i + 1).padStart(3, '0')}`, optedOut: false })),
  };
}
