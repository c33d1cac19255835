import { createHash } from 'node:crypto';
import { toCsv } from '../core/csv-writer';
import type { RecipientRole } from '../core/organisation';
import type { RecipientOutcome } from '../core/ses-events';
import type { Archive, DeliveryLedger, DeliveryRecord, ListedRun, RecipientEventRecord } from './ports';

/** One message as an operator sees it: the run's own or a re-send, with what SES reported. */
export interface MessageRow {
  readonly runId: string;
  readonly period: string;
  readonly kind: 'final' | 'concept';
  /** origineel: sent by the run; opnieuw: a re-send of its archived PDF. */
  readonly send: 'origineel' | 'opnieuw';
  readonly municipality: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly sesMessageId?: string;
  readonly sentAt?: string;
  /** The message's status: sent, failed, unknown (SES may have it), claimed (in progress). */
  readonly status: string;
  readonly reason?: string;
  readonly requestedBy?: string;
  readonly offList?: readonly string[];
  readonly attachmentKey?: string;
  /** Per address: role and the worst outcome SES reported (none yet: the message status). */
  readonly recipients: readonly RecipientRow[];
}

export interface RecipientRow {
  readonly email: string;
  readonly role: RecipientRole | 'extern';
  /** sent / failed / unknown until SES reports; then delivered, soft-bounce, bounced, complaint or rejected. */
  readonly status: string;
  readonly reason?: string;
}

/** A later or worse report wins: a complaint after a delivery, a bounce over a soft bounce. */
const OUTCOME_WEIGHT: Record<RecipientOutcome, number> = { delivered: 1, 'soft-bounce': 2, rejected: 3, bounced: 4, complaint: 5 };

/** Every message of the given runs (newest run first), each with its recipients' outcomes. */
export async function listMessages(log: Pick<DeliveryLedger, 'entries'>, runs: readonly ListedRun[]): Promise<MessageRow[]> {
  const rows: MessageRow[] = [];
  for (const run of runs) {
    const { ledger, resends, events } = await log.entries(run.runId);
    const base = { runId: run.runId, period: run.period, kind: run.kind };
    for (const d of [...ledger].sort((a, b) => a.messageKey.localeCompare(b.messageKey, 'nl'))) {
      const roles = originalRoles(d, run.kind);
      rows.push({
        ...base,
        send: 'origineel',
        municipality: d.municipality,
        to: d.to,
        cc: d.cc,
        sesMessageId: d.sesMessageId,
        sentAt: d.sentAt,
        status: d.status,
        reason: d.reason,
        attachmentKey: d.attachmentKey,
        recipients: recipientRows(roles, d.status, d.reason, events.filter((e) => e.deliverySk === `DELIVERY#${d.messageKey}`)),
      });
    }
    for (const r of [...resends].sort((a, b) => a.sk.localeCompare(b.sk))) {
      rows.push({
        ...base,
        send: 'opnieuw',
        municipality: r.municipality,
        to: r.to,
        cc: r.cc,
        sesMessageId: r.sesMessageId,
        sentAt: r.sentAt,
        status: r.status,
        reason: r.reason,
        requestedBy: r.requestedBy,
        offList: r.offList,
        attachmentKey: r.attachmentKey,
        recipients: recipientRows(r.roles, r.status, r.reason, events.filter((e) => e.deliverySk === r.sk)),
      });
    }
  }
  return rows;
}

/** The roles in a run's own message: To are the AB-leden (the reviewers for a concept), Cc the beleidsmedewerkers. */
export function originalRoles(d: Pick<DeliveryRecord, 'to' | 'cc' | 'roles'>, kind: 'final' | 'concept'): Record<string, RecipientRole> {
  // As recorded when it was sent (a gbo-lid is no reviewer); a record from before roles were kept: by the kind of run.
  if (d.roles) return Object.fromEntries([...d.to, ...d.cc].map((a) => [a.toLowerCase(), d.roles?.[a.toLowerCase()] ?? (kind === 'concept' ? 'reviewer' : 'ab-lid')]));
  return {
    ...Object.fromEntries(d.cc.map((a) => [a.toLowerCase(), 'beleidsmedewerker' as const])),
    ...Object.fromEntries(d.to.map((a) => [a.toLowerCase(), kind === 'concept' ? ('reviewer' as const) : ('ab-lid' as const)])),
  };
}

function recipientRows(
  roles: Readonly<Record<string, RecipientRole | 'extern'>>,
  status: string,
  reason: string | undefined,
  events: readonly RecipientEventRecord[],
): RecipientRow[] {
  return Object.entries(roles).map(([email, role]) => {
    const worst = events
      .filter((e) => e.email === email)
      .sort((a, b) => OUTCOME_WEIGHT[b.outcome] - OUTCOME_WEIGHT[a.outcome])[0];
    return worst ? { email, role, status: worst.outcome, reason: worst.detail } : { email, role, status, reason };
  });
}

export const DELIVERY_CSV_COLUMNS = ['run', 'periode', 'soort', 'verzending', 'gemeente', 'pdf_sha256', 'adres', 'rol', 'verzonden_op', 'status', 'reden', 'ses_message_id', 'opnieuw_door'] as const;

/**
 * The per-recipient record for an audit or a records request: which version of the report
 * (sha256 of the archived PDF, the exact bytes attached) went to which address, when, and what
 * became of it. Dutch CSV conventions (BOM, `;`), every cell safe to open in a spreadsheet.
 */
export async function deliveriesCsv(rows: readonly MessageRow[], archive: Pick<Archive, 'find'>): Promise<string> {
  const hashes = new Map<string, string>();
  const hashOf = async (key: string | undefined) => {
    if (!key) return '';
    if (!hashes.has(key)) {
      const pdf = await archive.find(key);
      hashes.set(key, pdf ? createHash('sha256').update(pdf).digest('hex') : '(niet in het archief)');
    }
    return hashes.get(key) ?? '';
  };
  const lines: string[][] = [];
  for (const m of rows) {
    const sha = await hashOf(m.attachmentKey);
    for (const r of m.recipients) {
      lines.push([m.runId, m.period, m.kind, m.send, m.municipality, sha, r.email, r.role, m.sentAt ?? '', r.status, r.reason ?? '', m.sesMessageId ?? '', m.requestedBy ?? '']);
    }
  }
  return toCsv(DELIVERY_CSV_COLUMNS, lines);
}

/** A run as `runs` shows it: its record, with what its ledger says was sent over all attempts. */
export interface RunRow extends ListedRun {
  readonly ledgerCounts: { readonly sent: number; readonly failed: number; readonly unknown: number; readonly open: number; readonly resent: number };
}

/**
 * Every run, newest first, counted from the delivery ledger rather than the last attempt's own
 * counts: a partial run completed by a retry shows every message its attempts sent.
 */
export async function listRuns(log: Pick<DeliveryLedger, 'runs' | 'entries'>): Promise<RunRow[]> {
  const runs = await log.runs();
  return Promise.all(
    runs.map(async (run) => {
      const { ledger, resends } = await log.entries(run.runId);
      const count = (status: string) => ledger.filter((d) => d.status === status).length;
      return {
        ...run,
        ledgerCounts: { sent: count('sent'), failed: count('failed'), unknown: count('unknown'), open: count('claimed'), resent: resends.filter((r) => r.status === 'sent').length },
      };
    }),
  );
}
