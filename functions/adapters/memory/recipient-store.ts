import { randomUUID } from 'node:crypto';
import type { BlockedAddress } from '../../core/blocked-addresses';
import type { Recipient } from '../../core/organisation';
import type { RecipientListChange } from '../../core/recipient-validation';
import { type AuditEntry, type ChangeStamp, RecipientExistsError, type RecipientDirectory } from '../../usecases/ports';
import { alreadyListed, recipientAudit } from '../recipient-audit';
import { InMemoryData, copy, expiresAt } from './data';
import { compare, recipientKey } from './organisation-store';

/**
 * The recipient list's changes and the audit trail, in memory (the real one:
 * adapters/recipient-store.ts): every change audited first, entries expiring after
 * `retentionDays`. `new InMemoryRecipientStore(data?, retentionDays?)`.
 */
export class InMemoryRecipientStore implements RecipientDirectory {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    private readonly retentionDays?: number,
  ) {}

  async add(recipient: Recipient, entry: ChangeStamp): Promise<void> {
    const key = recipientKey(recipient);
    if (this.data.recipients.has(key)) throw new RecipientExistsError(alreadyListed(recipient));
    await this.audit([recipientAudit.added(recipient, entry)]);
    this.data.recipients.set(key, copy({ ...recipient, municipality: recipient.municipality ?? null }));
  }

  async remove(recipient: Recipient, entry: ChangeStamp): Promise<void> {
    await this.audit([recipientAudit.removed(recipient, entry)]);
    this.data.recipients.delete(recipientKey(recipient));
  }

  async applyChange(change: RecipientListChange, entry: ChangeStamp): Promise<void> {
    await this.audit(recipientAudit.imported(change, entry));
    for (const r of [...change.added, ...change.changed.map((c) => c.after)]) this.data.recipients.set(recipientKey(r), copy({ ...r, municipality: r.municipality ?? null }));
    for (const r of change.removed) this.data.recipients.delete(recipientKey(r));
  }

  async block(address: BlockedAddress, entry: ChangeStamp): Promise<void> {
    await this.audit([recipientAudit.blocked(address, entry)], recipientAudit.blockedId(address));
    this.data.blocked.set(address.email, copy(address));
  }

  async clearBlock(email: string, entry: ChangeStamp): Promise<boolean> {
    const was = this.data.blocked.get(email);
    if (!was) return false;
    this.data.blocked.delete(email);
    await this.audit([recipientAudit.cleared(email, was, entry)]);
    return true;
  }

  async audit(entries: readonly AuditEntry[], stableId?: string): Promise<void> {
    for (const e of entries) {
      const expiry = expiresAt(e.at, this.retentionDays);
      this.data.audit.set(`${e.at}#${stableId ?? randomUUID()}`, copy({ ...e, ...(expiry === undefined ? {} : { expiresAt: expiry }) }));
    }
  }

  async history(): Promise<AuditEntry[]> {
    return [...this.data.audit.entries()].sort(([a], [b]) => compare(a, b)).map(([, { expiresAt: _expiresAt, ...entry }]) => copy(entry));
  }
}
