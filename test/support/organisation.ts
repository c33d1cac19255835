import type { Catalogue, Indicator } from '../../functions/core/catalogue';
import type { OrganisationConfig, OrganisationVersion } from '../../functions/core/organisation';
import type { Period } from '../../functions/core/periods';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
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

/** The error of an organisation file that must be refused, or a failure when it is accepted. */
export function refusal(text: string, fileName = 'organisatie.yaml'): string {
  try {
    parseOrganisationFile(text, fileName);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
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
  const store = await organisationStore(tableName);
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
  const loaded = await loadSampleData(await organisationStore(tableName), organisation.config, period);
  return { organisation, ...loaded };
}

/** The DynamoDB store, imported only by the tests that use a table: tests without I/O share this module and need no AWS SDK. */
async function organisationStore(tableName: string) {
  const { OrganisationStore } = await import('../../functions/adapters/organisation-store');
  return new OrganisationStore(tableName);
}
