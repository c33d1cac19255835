import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { provisionLocalResources } from '../../functions/local/provision';
import { type TestStack, scanTable, startTestStack } from '../support/test-stack';

/**
 * The emulators for a contract test file, started once: each test of the real adapter gets a
 * table (and bucket) of its own, so no case sees another's items and the in-memory subject starts
 * as empty as the real one.
 */
export function useEmulators(): { table(): Promise<string>; bucket(): Promise<string>; items(table: string): Promise<Record<string, unknown>[]>; stack(): TestStack } {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack('rb-contract');
  });
  afterAll(async () => {
    await stack?.close();
  });
  const fresh = () => randomUUID().replace(/-/g, '').slice(0, 12);
  return {
    table: async () => {
      const tableName = `c-${fresh()}`;
      await provisionLocalResources({ tableName, buckets: [] });
      return tableName;
    },
    bucket: async () => {
      const bucket = `c-${fresh()}`;
      await provisionLocalResources({ tableName: stack?.names.tableName as string, buckets: [bucket] });
      return bucket;
    },
    items: (table) => scanTable(table),
    stack: () => stack as TestStack,
  };
}

/** Epoch seconds `days` after `at`: what DynamoDB's TTL reads. */
export function expiry(at: string, days: number): number {
  return Math.floor(Date.parse(at) / 1000) + days * 86_400;
}
