import type { BlockedAddress } from '../../core/blocked-addresses';
import type { Benchmark, Figure, Municipality, OrganisationConfig, OrganisationVersion, Recipient } from '../../core/organisation';
import type { MonthKey } from '../../core/periods';
import { OrganisationChangedError } from '../../usecases/organisation';
import type { OrganisationReader, OrganisationWriter } from '../../usecases/ports';
import { InMemoryData, copy } from './data';
import { InMemoryImportStore } from './import-store';

/**
 * The organisation in memory (the real one: adapters/organisation-store.ts): versions applied with
 * the version they were based on, so a second apply on the same base is refused, not overwriting.
 * `new InMemoryOrganisationStore(data?)`; `putFigures`/`putBenchmarks` seed data as committed imports.
 */
export class InMemoryOrganisationStore implements OrganisationReader, OrganisationWriter {
  private readonly imports: InMemoryImportStore;

  constructor(readonly data: InMemoryData = new InMemoryData()) {
    this.imports = new InMemoryImportStore(data);
  }

  async organisation(): Promise<OrganisationVersion | null> {
    const { current } = this.data.organisation;
    return current === null ? null : this.organisationVersion(current);
  }

  async organisationVersion(version: number): Promise<OrganisationVersion | null> {
    const found = this.data.organisation.versions.get(version);
    return found ? copy(found) : null;
  }

  async applyOrganisation(config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string }): Promise<OrganisationVersion> {
    const version = (basedOn ?? 0) + 1;
    const { organisation } = this.data;
    if (organisation.versions.has(version) || organisation.current !== basedOn) {
      throw new OrganisationChangedError('iemand anders heeft intussen een andere versie van de organisatie toegepast; er is niets gewijzigd. Bekijk die met rapportbode organisation show en probeer het opnieuw');
    }
    const item: OrganisationVersion = { version, config: copy(config), appliedAt: applied.at, appliedBy: applied.by };
    organisation.versions.set(version, item);
    organisation.current = version;
    return copy(item);
  }

  async municipalities(): Promise<Municipality[]> {
    return [...((await this.organisation())?.config.municipalities ?? [])];
  }

  /** In the order the table keeps them: by municipality (`_` for the reviewers), then address. */
  async recipients(): Promise<Recipient[]> {
    return [...this.data.recipients.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => copy(r));
  }

  async putRecipients(recipients: readonly Recipient[]): Promise<void> {
    for (const r of recipients) this.data.recipients.set(recipientKey(r), copy({ ...r, municipality: r.municipality ?? null }));
  }

  async blockedAddresses(): Promise<BlockedAddress[]> {
    return [...this.data.blocked.values()].sort((a, b) => compare(a.email, b.email)).map(copy);
  }

  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    return this.imports.figures(months);
  }

  async putFigures(figures: readonly Figure[], source = 'putFigures'): Promise<void> {
    await this.imports.load({ kind: 'figures', values: figures }, source);
  }

  async benchmarks(): Promise<Benchmark[]> {
    return this.imports.benchmarks();
  }

  async putBenchmarks(benchmarks: readonly Benchmark[], source = 'putBenchmarks'): Promise<void> {
    await this.imports.load({ kind: 'benchmark', values: benchmarks }, source);
  }

  async commentary(period: string): Promise<string | null> {
    return this.data.commentary.get(period) ?? null;
  }

  async putCommentary(period: string, text: string): Promise<void> {
    this.data.commentary.set(period, text);
  }
}

/** The key of a recipient on the list: one per municipality and address. */
export function recipientKey(recipient: Pick<Recipient, 'municipality' | 'email'>): string {
  return `${recipient.municipality ?? '_'}#${recipient.email.toLowerCase()}`;
}

/** Code-point order, as DynamoDB sorts string keys. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
