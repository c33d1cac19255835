import { describe, expect, it } from 'vitest';
import { InMemoryData, InMemoryOrganisationStore, InMemoryRecipientStore } from '../../functions/adapters/memory';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { RecipientStore } from '../../functions/adapters/recipient-store';
import type { Recipient } from '../../functions/core/organisation';
import { type OrganisationReader, RecipientExistsError, type RecipientDirectory } from '../../functions/usecases/ports';
import { expiry, useEmulators } from './support';

const RETENTION_DAYS = 30;

const emulators = useEmulators();
/** `expiries`: the expiresAt of every audit entry as stored, which `history()` leaves out. */
const subjects: { name: string; make(): Promise<{ directory: RecipientDirectory; list: OrganisationReader; expiries(): Promise<(number | undefined)[]> }> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const data = new InMemoryData();
      return { directory: new InMemoryRecipientStore(data, RETENTION_DAYS), list: new InMemoryOrganisationStore(data), expiries: async () => [...data.audit.values()].map((e) => e.expiresAt) };
    },
  },
  {
    name: 'DynamoDB (dynalite)',
    make: async () => {
      const table = await emulators.table();
      const expiries = async () => (await emulators.items(table)).filter((i) => i.pk === 'AUDIT').map((i) => i.expiresAt as number | undefined);
      return { directory: new RecipientStore(table, RETENTION_DAYS), list: new OrganisationStore(table), expiries };
    },
  },
];

const stamp = (minute: number) => ({ actor: 'operator', at: `2026-11-02T09:${String(minute).padStart(2, '0')}:00.000Z` });
const ab: Recipient = { municipality: 'Tiel', email: 'a@tiel.example', name: 'A. Bestuurder', role: 'ab-lid' };
const reviewer: Recipient = { municipality: null, email: 'r@werkzaak.example', name: 'R. Reviewer', role: 'reviewer' };

describe.each(subjects)('RecipientDirectory: $name', ({ make }) => {
  it('adds a recipient once, each change audited first and expiring with the bewaartermijn', async () => {
    // Prepare
    const { directory, list, expiries } = await make();
    await directory.add(ab, stamp(0));
    // Act
    const again = directory.add({ ...ab, name: 'Iemand Anders' }, stamp(1));
    // Assess
    await expect(again).rejects.toBeInstanceOf(RecipientExistsError);
    await expect(again).rejects.toThrow('a@tiel.example staat al op de lijst voor Tiel; er is niets gewijzigd');
    expect(await list.recipients()).toEqual([ab]);
    expect(await directory.history()).toEqual([{ ...stamp(0), action: 'recipient added', email: 'a@tiel.example', municipality: 'Tiel', detail: 'ab-lid A. Bestuurder <a@tiel.example> voor Tiel' }]);
    expect(await expiries()).toEqual([expiry(stamp(0).at, RETENTION_DAYS)]);
  });

  it('removes and imports, oldest entry first in the history', async () => {
    // Prepare
    const { directory, list } = await make();
    await directory.add(ab, stamp(0));
    await directory.add(reviewer, stamp(1));
    // Act
    await directory.remove(reviewer, stamp(2));
    await directory.applyChange({ added: [reviewer], changed: [{ before: ab, after: { ...ab, name: 'A. Nieuw' } }], removed: [], unchanged: 0 }, stamp(3));
    // Assess
    expect(await list.recipients()).toEqual([{ ...ab, name: 'A. Nieuw' }, reviewer]);
    // Entries of one moment (an import) come in no particular order among themselves.
    const history = (await directory.history()).map((e) => `${e.at.slice(11, 16)} ${e.action} ${e.email}`);
    expect(history.slice(0, 3)).toEqual(['09:00 recipient added a@tiel.example', '09:01 recipient added r@werkzaak.example', '09:02 recipient removed r@werkzaak.example']);
    expect(history.slice(3).sort()).toEqual(['09:03 recipient added r@werkzaak.example', '09:03 recipient changed a@tiel.example']);
  });

  it('blocks an address once per SES event, and clears a block only where there is one', async () => {
    // Prepare
    const { directory, list } = await make();
    const block = { email: 'a@tiel.example', reason: 'bounced' as const, detail: 'Permanent: General', since: '2026-11-02T10:00:00.000Z', runId: '2026-09-final' };
    // Act: SNS delivers the same event twice
    await directory.block(block, { actor: 'ses', at: block.since });
    await directory.block(block, { actor: 'ses', at: block.since });
    const blocked = await list.blockedAddresses();
    const cleared = await directory.clearBlock('a@tiel.example', { actor: 'operator', at: '2026-11-02T11:00:00.000Z' });
    const clearedAgain = await directory.clearBlock('a@tiel.example', { actor: 'operator', at: '2026-11-02T11:01:00.000Z' });
    // Assess
    expect(blocked).toEqual([block]);
    expect([cleared, clearedAgain]).toEqual([true, false]);
    expect(await list.blockedAddresses()).toEqual([]);
    expect((await directory.history()).map((e) => [e.action, e.actor])).toEqual([
      ['address blocked', 'ses'],
      ['block cleared', 'operator'],
    ]);
  });
});
