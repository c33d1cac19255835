import type { BlockedAddress } from '../core/blocked-addresses';
import type { Recipient } from '../core/organisation';
import type { RecipientListChange } from '../core/recipient-validation';
import { SEND_STATUS_NL, dutch, timeNl } from '../core/words-nl';
import type { AuditEntry, ChangeStamp } from '../usecases/ports';

/**
 * What each change to the recipient list records in the audit trail, in one place for the
 * DynamoDB RecipientStore and the in-memory one (no SDK here).
 */
export const recipientAudit = {
  added: (r: Recipient, stamp: ChangeStamp): AuditEntry => ({ ...stamp, action: 'recipient added', email: r.email, municipality: r.municipality ?? undefined, detail: describe(r) }),
  removed: (r: Recipient, stamp: ChangeStamp): AuditEntry => ({ ...stamp, action: 'recipient removed', email: r.email, municipality: r.municipality ?? undefined, detail: describe(r) }),
  /** An import's adds, changes and removals, each an entry of its own. */
  imported: (change: RecipientListChange, stamp: ChangeStamp): AuditEntry[] => {
    const at = (a: AuditEntry['action'], r: Recipient, detail: string): AuditEntry => ({ ...stamp, action: a, email: r.email, municipality: r.municipality ?? undefined, detail });
    return [
      ...change.added.map((r) => at('recipient added', r, `${describe(r)} (import)`)),
      ...change.changed.map(({ before, after }) => at('recipient changed', after, `${describe(before)} → ${describe(after)} (import)`)),
      ...change.removed.map((r) => at('recipient removed', r, `${describe(r)} (import)`)),
    ];
  },
  blocked: (address: BlockedAddress, stamp: ChangeStamp): AuditEntry => ({ ...stamp, action: 'address blocked', email: address.email, runId: address.runId, detail: `${dutch(SEND_STATUS_NL, address.reason)}: ${address.detail}` }),
  /** One entry per SES event, however often SNS delivers it. */
  blockedId: (address: BlockedAddress): string => `${address.since}#${address.reason}#${address.email}`,
  cleared: (email: string, was: BlockedAddress, stamp: ChangeStamp): AuditEntry => ({ ...stamp, action: 'block cleared', email, detail: `was geblokkeerd sinds ${timeNl(was.since)} (${dutch(SEND_STATUS_NL, was.reason)}: ${was.detail})` }),
};

/** Why an add is refused: the address is on the list for that municipality already. */
export function alreadyListed(r: Recipient): string {
  return `${r.email} staat al op de lijst voor ${r.municipality ?? 'de reviewers'}; er is niets gewijzigd`;
}

function describe(r: Recipient): string {
  return `${r.role} ${r.name} <${r.email}>${r.municipality ? ` voor ${r.municipality}` : ''}`;
}
