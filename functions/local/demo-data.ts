import type { OrganisationStore } from '../adapters/organisation-store';
import type { Catalogue } from '../core/catalogue';
import { demoBenchmarks, demoFigures, demoOrganisation, demoRecipients } from '../core/demo-organisation';
import { type Period, monthsEndingWith } from '../core/periods';
import { HISTORY_MONTHS } from '../core/report-model';

/** Loads the demo organisation with figures for the history a report of `period` shows. */
export async function loadDemoOrganisation(store: OrganisationStore, catalogue: Catalogue, period: Period): Promise<{ figures: number }> {
  const organisation = demoOrganisation();
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  const figures = demoFigures(catalogue, months, organisation);
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  await store.putMunicipalities(organisation.municipalities);
  await store.putRecipients(demoRecipients(organisation));
  await store.putFigures(figures);
  await store.putBenchmarks(demoBenchmarks(catalogue, years));
  await store.putCommentary(
    `${period.year}-${String(period.firstMonth).padStart(2, '0')}`,
    'Dit is een demonstratierapportage met gegenereerde cijfers.\n\nDe cijfers zijn fictief en dienen alleen om de opmaak en de verzending te laten zien.',
  );
  return { figures: figures.length };
}
