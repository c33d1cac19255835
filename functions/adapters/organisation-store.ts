import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BlockedAddress } from '../core/blocked-addresses';
import type { Benchmark, Figure, Municipality, Recipient } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import { documentClient, putAll, queryAll } from './dynamodb';
import { ImportStore } from './import-store';

/**
 * The organisation's data in the single table: municipalities, recipients, monthly figures,
 * benchmarks and commentary. Keys:
 *   MUNICIPALITY / <name>                       optedOut
 *   RECIPIENT    / <municipality or _>#<email>  name, role
 *   BLOCKED      / <email>                      reason, since (written by RecipientStore)
 *   FIGURES#<YYYY-MM>, BENCHMARK, IMPORT        versioned values and imports (see ImportStore)
 *   COMMENTARY   / <period>                     text
 */
export class OrganisationStore {
  private readonly imports: ImportStore;

  constructor(private readonly tableName: string) {
    this.imports = new ImportStore(tableName);
  }

  async municipalities(): Promise<Municipality[]> {
    const items = await queryAll<{ sk: string; optedOut: boolean }>(this.partition('MUNICIPALITY'));
    return items.map((i) => ({ name: i.sk, optedOut: Boolean(i.optedOut) }));
  }

  async putMunicipalities(municipalities: readonly Municipality[]): Promise<void> {
    await putAll(this.tableName, municipalities.map((m) => ({ pk: 'MUNICIPALITY', sk: m.name, optedOut: m.optedOut })));
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
