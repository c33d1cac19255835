import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Benchmark, Figure, Municipality, Recipient } from '../core/organisation';
import type { MonthKey } from '../core/periods';
import { documentClient, putAll, queryAll } from './dynamodb';

/**
 * The organisation's data in the single table: municipalities, recipients, monthly figures,
 * benchmarks and commentary. Keys:
 *   MUNICIPALITY / <name>                       optedOut
 *   RECIPIENT    / <municipality or _>#<email>  name, role
 *   FIGURES#<YYYY-MM> / <municipality>#<indicator>  value
 *   BENCHMARK    / <year>#<indicator>           value
 *   COMMENTARY   / <period>                     text
 */
export class OrganisationStore {
  constructor(private readonly tableName: string) {}

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

  /** Figures of the given months, one query per month. */
  async figures(months: readonly MonthKey[]): Promise<Figure[]> {
    const perMonth = await Promise.all(
      months.map((month) =>
        queryAll<{ municipality: string; indicator: string; month: string; value: number }>(this.partition(`FIGURES#${month}`)),
      ),
    );
    return perMonth.flat().map(({ municipality, indicator, month, value }) => ({ municipality, indicator, month, value }));
  }

  async putFigures(figures: readonly Figure[]): Promise<void> {
    await putAll(
      this.tableName,
      figures.map((f) => ({ pk: `FIGURES#${f.month}`, sk: `${f.municipality}#${f.indicator}`, ...f })),
    );
  }

  async benchmarks(): Promise<Benchmark[]> {
    const items = await queryAll<Benchmark>(this.partition('BENCHMARK'));
    return items.map(({ indicator, year, value }) => ({ indicator, year, value }));
  }

  async putBenchmarks(benchmarks: readonly Benchmark[]): Promise<void> {
    await putAll(this.tableName, benchmarks.map((b) => ({ pk: 'BENCHMARK', sk: `${b.year}#${b.indicator}`, ...b })));
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
