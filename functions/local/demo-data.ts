import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OrganisationStore } from '../adapters/organisation-store';
import { projectRoot } from '../adapters/project-root';
import type { OrganisationConfig } from '../core/organisation';
import { parseOrganisationFile } from '../core/organisation-file';
import { type Period, monthsEndingWith, periodId } from '../core/periods';
import { HISTORY_MONTHS } from '../core/report-model';
import { sampleBenchmarks, sampleFigures, sampleRecipients } from './sample-data';

const REPOSITORY = projectRoot();

/**
 * The demo organisation: an example file like any other organisation's, named in package.json
 * (`rapportbode.demoOrganisation`), so no code names an organisation.
 */
export const DEMO_ORGANISATION_FILE = path.join(REPOSITORY, (JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { rapportbode: { demoOrganisation: string } }).rapportbode.demoOrganisation);

/** The demo organisation's configuration, read and validated from its file (benchmarks, tests). */
export function demoOrganisation(): OrganisationConfig {
  return parseOrganisationFile(readFileSync(DEMO_ORGANISATION_FILE, 'utf8'), DEMO_ORGANISATION_FILE);
}

/**
 * Loads generated recipients, figures, benchmarks and a commentary for the organisation in force,
 * for the history a report of `period` shows: what the demo mails. Figures go in as one committed
 * import, the path a CSV import takes.
 */
export async function loadSampleData(store: Pick<OrganisationStore, 'putRecipients' | 'putFigures' | 'putBenchmarks' | 'putCommentary'>, config: OrganisationConfig, period: Period): Promise<{ figures: number; recipients: number }> {
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  const figures = sampleFigures(config, months);
  const recipients = sampleRecipients(config);
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  await store.putRecipients(recipients);
  await store.putFigures(figures, 'demo');
  await store.putBenchmarks(sampleBenchmarks(config.indicators, years), 'demo');
  await store.putCommentary(
    periodId(period),
    'Dit is een demonstratierapportage met gegenereerde cijfers.\n\nDe cijfers zijn fictief en dienen alleen om de opmaak en de verzending te laten zien.',
  );
  return { figures: figures.length, recipients: recipients.length };
}
