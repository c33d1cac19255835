import { CATALOGUE } from '../core/catalogue';
import { demoBenchmarks, demoFigures, demoOrganisation } from '../core/demo-organisation';
import type { Organisation } from '../core/organisation';
import { type Period, monthsEndingWith } from '../core/periods';
import { HISTORY_MONTHS, type ReportModel, buildReportModel } from '../core/report-model';

/** The demo report model built in memory, without a stack: what the render benchmarks print. */
export function demoReportModel(period: Period, organisation: Organisation = demoOrganisation()): ReportModel {
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  return buildReportModel({
    organisation,
    catalogue: CATALOGUE,
    period,
    figures: demoFigures(CATALOGUE, months, organisation),
    benchmarks: demoBenchmarks(CATALOGUE, [period.year - 1, period.year]),
    commentary: 'Benchmarkrapportage met gegenereerde cijfers.',
    issuedOn: new Date(Date.UTC(period.year, period.firstMonth + 1, 1)),
    concept: false,
    suppression: { threshold: 5 },
  });
}

/** A synthetic organisation of `size` municipalities, for the scale benchmark. */
export function syntheticOrganisation(size: number): Organisation {
  return {
    name: 'Werkbedrijf Benchmark',
    municipalities: Array.from({ length: size }, (_, i) => ({ name: `Gemeente ${String(i + 1).padStart(3, '0')}`, optedOut: false })),
  };
}
