import { OrganisationStore } from '../../functions/adapters/organisation-store';
import type { Catalogue, Indicator } from '../../functions/core/catalogue';
import type { OrganisationConfig, OrganisationVersion } from '../../functions/core/organisation';
import type { Period } from '../../functions/core/periods';
import { demoOrganisation, loadSampleData } from '../../functions/local/demo-data';

/**
 * The organisation the tests share: the demo file (examples/werkzaak-rivierenland/organisatie.yaml),
 * read once, so a test speaks of the same municipalities and indicator ids the demo mails.
 */
const DEMO = demoOrganisation();

/** The demo organisation with `overrides` on top: for unit tests that build a report model. */
export function testOrganisation(overrides: Partial<OrganisationConfig> = {}): OrganisationConfig {
  return { ...structuredClone(DEMO), ...overrides };
}

/** An indicator as the organisation file would give it; a count summed over months unless said otherwise. */
export function testIndicator(id: string, overrides: Partial<Indicator> = {}): Indicator {
  return { id, label: id, unit: 'aantal', aggregation: 'sum', higherIsBetter: true, suppress: false, headline: false, goals: {}, ...overrides };
}

/** The indicators of an organisation as the version-stamped list an import checks against. */
export function catalogueOfConfig(config: OrganisationConfig = DEMO, version = 1): Catalogue {
  return { version, indicators: config.indicators };
}

/** Puts the demo organisation (or `config`) in force in the table, the way `organisation apply` does. */
export async function applyDemoOrganisation(tableName: string, config: OrganisationConfig = testOrganisation()): Promise<OrganisationVersion> {
  const store = new OrganisationStore(tableName);
  const current = await store.organisation();
  return store.applyOrganisation(config, current?.version ?? null, { at: new Date().toISOString(), by: 'test' });
}

/** The demo as `rapportbode demo` sets it up: the organisation in force and sample data for `period`. */
export async function loadDemo(
  tableName: string,
  period: Period,
  config: OrganisationConfig = testOrganisation(),
): Promise<{ organisation: OrganisationVersion; figures: number; recipients: number }> {
  const organisation = await applyDemoOrganisation(tableName, config);
  const loaded = await loadSampleData(new OrganisationStore(tableName), organisation.config, period);
  return { organisation, ...loaded };
}
