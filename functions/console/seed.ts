import path from 'node:path';
import { readConfig } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import { DEMO_ORGANISATION_FILE, demoOrganisation, loadSampleData } from '../local/demo-data';
import { amsterdamDay } from '../core/workdays';
import { advanceCycle } from '../usecases/cycle';
import { releaseDeps } from '../wiring/dependencies';
import { applyOrganisation, periodFor } from '../usecases/organisation';
import { organisationDeps } from '../wiring/operations-dependencies';

/**
 * An empty local stack gets the demo organisation, generated figures and recipients, and the
 * concept the cycle sends for the last complete period: the console then has a period to review
 * and a concept to release. A stack with an organisation is left as it is. Says what it did.
 */
export async function seedWhenEmpty(now = new Date()): Promise<string | undefined> {
  const config = readConfig();
  const store = new OrganisationStore(config.TABLE_NAME);
  if (await store.organisation()) return undefined;
  const organisation = demoOrganisation();
  await applyOrganisation(organisation, { actor: 'demo', source: path.basename(DEMO_ORGANISATION_FILE) }, { ...organisationDeps(config), store });
  const period = await periodFor(undefined, now, store);
  const loaded = await loadSampleData(store, organisation, period);
  const steps = await advanceCycle(amsterdamDay(now), releaseDeps(config));
  const done = steps.flatMap((s) => s.actions).join('; ');
  return `Lege omgeving: demo-organisatie ${organisation.name} ingelezen met ${loaded.recipients} ontvangers en ${loaded.figures} gegenereerde cijfers. Cycle: ${done}`;
}
