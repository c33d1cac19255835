/**
 * How long records about deliveries and changes are kept (the bewaartermijn, README:
 * Verwerkingsregister). In AWS the stack sets RETENTION_DAYS and the table deletes an item once
 * its `expiresAt` has passed (DynamoDB TTL, infra/storage.ts); the archive bucket expires the
 * run's files after the same number of days. Against the local stack nothing expires.
 */

/** The attribute DynamoDB's TTL reads: epoch seconds. */
export const EXPIRES_AT_ATTRIBUTE = 'expiresAt';

const SECONDS_PER_DAY = 86_400;

/** `days` after `from`, in epoch seconds; undefined (keep) without a retention. */
export function expiresAt(from: Date | string, days: number | undefined): number | undefined {
  if (days === undefined) return undefined;
  return Math.floor(new Date(from).getTime() / 1000) + days * SECONDS_PER_DAY;
}
