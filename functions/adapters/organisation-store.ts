import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BlockedAddress } from '../core/blocked-addresses';
import { OrganisationChangedError } from '../usecases/organisation';
import type { OrganisationReader, OrganisationWriter } from '../usecases/ports';
import type { Benchmark, Figure, Municipality, OrganisationConfig, OrganisationVersion, Recipient } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import { documentClient, putAll, queryAll } from './dynamodb';
import { ImportStore } from './import-store';

/**
 * The organisation's data in the single table: its configuration (versioned), recipients,
 * monthly figures, benchmarks and commentary. Keys:
 *   ORGANISATION / CURRENT                      version: the version in force
 *   ORGANISATION / V#<000001>                   config, appliedAt, appliedBy: every version, kept
 *   RECIPIENT    / <municipality or _>#<email>  name, role
 *   BLOCKED      / <email>                      reason, since (written by RecipientStore)
 *   FIGURES#<YYYY-MM>, BENCHMARK, IMPORT        versioned values and imports (see ImportStore)
 *   COMMENTARY   / <period>                     text
 */
export class OrganisationStore implements OrganisationReader, OrganisationWriter {
  private readonly imports: ImportStore;

  constructor(private readonly tableName: string) {
    this.imports = new ImportStore(tableName);
  }

  /** The organisation in force; null before the first `organisation apply`. */
  async organisation(): Promise<OrganisationVersion | null> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: 'ORGANISATION', sk: 'CURRENT' }, ConsistentRead: true }));
    return Item ? this.organisationVersion(Item.version as number) : null;
  }

  /** One version as it was applied: what a run that recorded it used. */
  async organisationVersion(version: number): Promise<OrganisationVersion | null> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { pk: 'ORGANISATION', sk: versionKey(version) }, ConsistentRead: true }));
    if (!Item) return null;
    return { version: Item.version, config: Item.config, appliedAt: Item.appliedAt, appliedBy: Item.appliedBy, ...(Item.fileText ? { fileText: Item.fileText } : {}) };
  }

  /**
   * Puts a new version in force, all at once: the version is written first (invisible), then the
   * pointer moves to it with a conditional write on the version it was based on, so two operators
   * applying at once cannot silently overwrite each other.
   */
  async applyOrganisation(config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string; fileText?: string }): Promise<OrganisationVersion> {
    const version = (basedOn ?? 0) + 1;
    const item: OrganisationVersion = { version, config, appliedAt: applied.at, appliedBy: applied.by, ...(applied.fileText ? { fileText: applied.fileText } : {}) };
    const client = documentClient();
    try {
      await client.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'ORGANISATION', sk: versionKey(version), ...item }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'ORGANISATION', sk: 'CURRENT', version },
          ConditionExpression: basedOn === null ? 'attribute_not_exists(pk)' : 'version = :basedOn',
          ...(basedOn === null ? {} : { ExpressionAttributeValues: { ':basedOn': basedOn } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new OrganisationChangedError('iemand anders heeft intussen een andere versie van de organisatie toegepast; er is niets gewijzigd. Bekijk die met rapportbode organisation show en probeer het opnieuw', { cause: error });
      }
      throw error;
    }
    return item;
  }

  /** The municipalities in force (none before the organisation is applied). */
  async municipalities(): Promise<Municipality[]> {
    return [...((await this.organisation())?.config.municipalities ?? [])];
  }

  async recipients(): Promise<Recipient[]> {
    const items = await queryAll<Recipient & { sk: string }>(this.partition('RECIPIENT'));
    return items.map(({ email, name, role, municipality }) => ({ email, name, role, municipality: municipality ?? null }));
  }

  async putRecipients(recipients: readonly Recipient[]): Promise<void> {
    await putAll(
      this.tableName,
      recipients.map((r) => ({ pk: 'RECIPIENT', sk: `${r.municipality ?? '_'}#${r.email.toLowerCase()}`, ...r })),
    );
  }

  /** Addresses that hard-bounced or complained: a run skips them until an operator clears them. */
  async blockedAddresses(): Promise<BlockedAddress[]> {
    const items = await queryAll<BlockedAddress>(this.partition('BLOCKED'));
    return items.map(({ email, reason, detail, since, runId }) => ({ email, reason, detail, since, runId }));
  }

  /** Figures of the given months in force: those of committed imports only (see ImportStore). */
  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    return this.imports.figures(months);
  }

  /** Loads figures as one committed import, the same path a CSV import takes. */
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
    const items = await queryAll<{ sk: string; text: string }>({
      ...this.partition('COMMENTARY'),
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': 'COMMENTARY', ':sk': period },
    });
    return items[0]?.text ?? null;
  }

  async putCommentary(period: string, text: string): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: this.tableName, Item: { pk: 'COMMENTARY', sk: period, text } }));
  }

  private partition(pk: string) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    };
  }
}

/** Zero-padded, so versions sort in order. */
function versionKey(version: number): string {
  return `V#${String(version).padStart(6, '0')}`;
}
