import type { Recipient } from './organisation';
import { dayNl } from './words-nl';

/**
 * An address SES reported as permanently bounced or complained about. It gets no mail from any
 * run until an operator clears it (`rapportbode recipients clear-bounce`): sending to it again
 * harms the sender's reputation and, for a complaint, ignores the reader's wish.
 */
export interface BlockedAddress {
  readonly email: string;
  readonly reason: 'bounced' | 'complaint';
  readonly detail: string;
  /** When SES reported it. */
  readonly since: string;
  /** The run whose mail bounced or was complained about. */
  readonly runId?: string;
}

/** The recipients a run may mail, and a warning for every one it skips. */
export function withoutBlocked(recipients: readonly Recipient[], blocked: readonly BlockedAddress[]): { recipients: Recipient[]; warnings: string[] } {
  const byEmail = new Map(blocked.map((b) => [b.email.toLowerCase(), b]));
  const kept: Recipient[] = [];
  const warnings: string[] = [];
  for (const recipient of recipients) {
    const block = byEmail.get(recipient.email.toLowerCase());
    if (!block) {
      kept.push(recipient);
      continue;
    }
    warnings.push(
      `${recipient.email} (${recipient.municipality ?? 'reviewer'}, ${recipient.role}) overgeslagen: ${block.reason === 'bounced' ? 'onbestelbaar' : 'klacht'} op ${dayNl(block.since.slice(0, 10))} (${block.detail}); na verbetering van het adres: rapportbode recipients clear-bounce --email ${recipient.email}`,
    );
  }
  return { recipients: kept, warnings };
}
