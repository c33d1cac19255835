import { toCsv } from '../core/csv-writer';
import { AUDIT_ACTION_NL, dutch } from '../core/words-nl';
import type { AuditEntry } from '../usecases/ports';
import type { LogFilter } from './schemas';

export interface LogRow {
  readonly at: string;
  readonly actor: string;
  readonly action: AuditEntry['action'];
  readonly actionLabel: string;
  readonly municipality: string;
  readonly email: string;
  readonly runId: string;
  readonly detail: string;
}

/**
 * The audit trail filtered as the Logboek page asks: a search term in any field, who, which
 * action, and a date range (days in UTC, as recorded), newest first.
 */
export function filterLog(entries: readonly AuditEntry[], filter: LogFilter): LogRow[] {
  const term = filter.zoek?.toLocaleLowerCase('nl');
  return entries
    .map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      actionLabel: dutch(AUDIT_ACTION_NL, e.action),
      municipality: e.municipality ?? '',
      email: e.email ?? '',
      runId: e.runId ?? '',
      detail: e.detail,
    }))
    .filter((e) => !filter.door || e.actor.toLocaleLowerCase('nl') === filter.door.toLocaleLowerCase('nl'))
    .filter((e) => !filter.actie || e.action === filter.actie || e.actionLabel === filter.actie)
    .filter((e) => !filter.van || e.at.slice(0, 10) >= filter.van)
    .filter((e) => !filter.tot || e.at.slice(0, 10) <= filter.tot)
    .filter((e) => !term || Object.values(e).some((v) => v.toLocaleLowerCase('nl').includes(term)))
    .sort((a, b) => b.at.localeCompare(a.at));
}

export const LOG_CSV_COLUMNS = ['wanneer', 'door', 'actie', 'gemeente', 'email', 'run', 'toelichting'] as const;

/** The rows as the CSV an operator opens in a spreadsheet: every cell neutralised against formulas. */
export function logCsv(rows: readonly LogRow[]): string {
  return toCsv(LOG_CSV_COLUMNS, rows.map((r) => [r.at, r.actor, r.actionLabel, r.municipality, r.email, r.runId, r.detail]));
}
