import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BlockedAddress } from '../core/blocked-addresses';
import type { Recipient } from '../core/organisation';
import type { RecipientListChange } from '../core/recipient-validation';
import { documentClient, putAll, queryAll } from './dynamodb';
import { type AuditEntry, RecipientExistsError, type RecipientDirectory } from '../usecases/ports';
import { logAction, recipientRef } from './logger';
import { alreadyListed, recipientAudit } from './recipient-audit';
import { expiresAt } from './retention';

export type { AuditEntry };
export { RecipientExistsError };

/**
 * Changes to the recipient list, with their audit trail, in the single table (runs read the
 * list and the blocked addresses through OrganisationStore):
 *   RECIPIENT  / <municipality or _>#<email>  name, role (read by runs through OrganisationStore)
 *   BLOCKED    / <email>                      reason, detail, since, runId: no mail until cleared
 *   AUDIT      / <ISO time>#<uuid>            actor, action, email, municipality, detail
 * Every change writes its audit entry first: a change that fails after it leaves an entry that
 * says more than happened, never a change nobody can account for.
 */
export class RecipientStore implements RecipientDirectory {
  /** `retentionDays`: audit entries expire that long after the change (RETENTION_DAYS); the list itself does not. */
  constructor(
    private readonly tableName: string,
    private readonly retentionDays?: number,
  ) {}

  /** Adds one recipient; the same address twice for one municipality is refused. */
  async add(recipient: Recipient, entry: Pick<AuditEntry, 'actor' | 'at'>): Promise<void> {
    const key = recipientKey(recipient);
    const existing = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: key }));
    if (existing.Item) throw new RecipientExistsError(alreadyListed(recipient));
    await this.audit([recipientAudit.added(recipient, entry)]);
    try {
      await documentClient().send(
        new PutCommand({ TableName: this.tableName, Item: { ...key, ...recipient }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new RecipientExistsError(alreadyListed(recipient), { cause: error });
      }
      throw error;
    }
  }

  async remove(recipient: Recipient, entry: Pick<AuditEntry, 'actor' | 'at'>): Promise<void> {
    await this.audit([recipientAudit.removed(recipient, entry)]);
    await documentClient().send(new DeleteCommand({ TableName: this.tableName, Key: recipientKey(recipient) }));
  }

  /**
   * Makes the stored list as an import planned it (planRecipientList): adds, changes and removes
   * only what differs, each with an audit entry, written first. The caller validated the whole list.
   */
  async applyChange(change: RecipientListChange, entry: Pick<AuditEntry, 'actor' | 'at'>): Promise<void> {
    await this.audit(recipientAudit.imported(change, entry));
    await putAll(this.tableName, [...change.added, ...change.changed.map((c) => c.after)].map((r) => ({ ...recipientKey(r), ...r })));
    for (const r of change.removed) await documentClient().send(new DeleteCommand({ TableName: this.tableName, Key: recipientKey(r) }));
  }

  /** Blocks an address after a hard bounce or complaint; a later event only updates the detail. */
  async block(address: BlockedAddress, entry: Pick<AuditEntry, 'actor' | 'at'>): Promise<void> {
    await this.audit([recipientAudit.blocked(address, entry)], recipientAudit.blockedId(address));
    await documentClient().send(new PutCommand({ TableName: this.tableName, Item: { pk: 'BLOCKED', sk: address.email, ...address } }));
  }

  /** Lifts the block; false when the address was not blocked. */
  async clearBlock(email: string, entry: Pick<AuditEntry, 'actor' | 'at'>): Promise<boolean> {
    const { Attributes } = await documentClient().send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: 'BLOCKED', sk: email }, ReturnValues: 'ALL_OLD' }),
    );
    if (!Attributes) return false;
    await this.audit([recipientAudit.cleared(email, Attributes as BlockedAddress, entry)]);
    return true;
  }

  /**
   * Records changes. `stableId` makes the entry idempotent (an SES event delivered twice by SNS
   * writes one entry); operators' changes get a fresh id each. Each entry is also a log line,
   * without the detail (which names people): every change passes through here, before it is
   * made, so `recorded` is its result; a change that then fails ends its command or invocation
   * with that error.
   */
  async audit(entries: readonly AuditEntry[], stableId?: string): Promise<void> {
    await putAll(
      this.tableName,
      entries.map((e) => ({ pk: 'AUDIT', sk: `${e.at}#${stableId ?? randomUUID()}`, ...e, expiresAt: expiresAt(e.at, this.retentionDays) })),
    );
    for (const e of entries) {
      logAction({
        action: e.action,
        object: { run: e.runId, municipality: e.municipality, recipient: e.email === undefined ? undefined : recipientRef(e.email) },
        result: 'recorded',
        actor: e.actor,
      });
    }
  }

  /** The audit trail, oldest first. */
  async history(): Promise<AuditEntry[]> {
    const items = await queryAll<AuditEntry & { pk: string; sk: string; expiresAt?: number }>(this.partition('AUDIT'));
    return items.map(({ pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry }) => entry);
  }

  private partition(pk: string) {
    return { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } };
  }
}

/** The key OrganisationStore.putRecipients uses too: one item per municipality and address. */
function recipientKey(recipient: Pick<Recipient, 'municipality' | 'email'>): { pk: string; sk: string } {
  return { pk: 'RECIPIENT', sk: `${recipient.municipality ?? '_'}#${recipient.email.toLowerCase()}` };
}
