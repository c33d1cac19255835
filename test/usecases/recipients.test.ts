import { describe, expect, it } from 'vitest';
import type { Recipient } from '../../functions/core/organisation';
import { RecipientExistsError } from '../../functions/usecases/ports';
import { RemovalNotConfirmedError, addRecipient, changeRecipient, checkMailing, clearBlock, importRecipients, planRecipientImport, removeRecipient, setOptedOut } from '../../functions/usecases/recipients';
import { world } from './support';

const csv = (recipients: readonly Recipient[]) => ({
  name: 'ontvangers.csv',
  bytes: new TextEncoder().encode(`gemeente;rol;naam;email\n${recipients.map((r) => `${r.municipality ?? ''};${r.role};${r.name};${r.email}`).join('\n')}\n`),
});
const by = { actor: 'beheerder' };

describe('importing the recipient list', () => {
  it('refuses a file that would remove one recipient until the operator confirms, and changes nothing', async () => {
    // Prepare
    const w = await world();
    const listed = await w.store.recipients();
    const leaving = listed.find((r) => r.email === 'ab-lid-1@tiel.example') as Recipient;
    const file = csv(listed.filter((r) => r !== leaving));
    // Act
    const refused = importRecipients(file, { ...by, confirmRemoval: false }, w.recipients);
    // Assess
    await expect(refused).rejects.toThrow(RemovalNotConfirmedError);
    await expect(refused).rejects.toThrow(/^ontvangers\.csv zou 1 ontvanger van de lijst halen; er is niets gewijzigd\. Wie eraf gaat:\n .*ab-lid-1@tiel\.example/);
    expect(await w.store.recipients()).toEqual(listed);
    expect(await w.recipientStore.history()).toEqual([]);
  });

  it('removes the recipient once confirmed, audited with who did it', async () => {
    const w = await world();
    const listed = await w.store.recipients();
    const file = csv(listed.filter((r) => r.email !== 'ab-lid-1@tiel.example'));
    const result = await importRecipients(file, { ...by, confirmRemoval: true }, w.recipients);
    expect(result.removed.map((r) => r.email)).toEqual(['ab-lid-1@tiel.example']);
    expect((await w.store.recipients()).some((r) => r.email === 'ab-lid-1@tiel.example')).toBe(false);
    expect(await w.recipientStore.history()).toEqual([expect.objectContaining({ actor: 'beheerder', action: 'recipient removed', email: 'ab-lid-1@tiel.example' })]);
  });

  it('adds without asking, and shows the plan before writing anything', async () => {
    const w = await world();
    const listed = await w.store.recipients();
    const file = csv([...listed, { email: 'nieuw@tiel.example', name: 'Nieuw', role: 'ab-lid', municipality: 'Tiel' }]);
    const plan = await planRecipientImport(file, w.recipients);
    expect(plan.added.map((r) => r.email)).toEqual(['nieuw@tiel.example']);
    expect(await w.store.recipients()).toEqual(listed);
    await importRecipients(file, { ...by, confirmRemoval: false }, w.recipients);
    expect((await w.store.recipients()).some((r) => r.email === 'nieuw@tiel.example')).toBe(true);
  });

  it('rejects a file with a bad row whole, naming the row', async () => {
    const w = await world();
    const listed = await w.store.recipients();
    const file = csv([...listed, { email: 'geen-adres', name: 'X', role: 'ab-lid', municipality: 'Tiel' }]);
    await expect(importRecipients(file, { ...by, confirmRemoval: true }, w.recipients)).rejects.toThrow(/^ontvangers\.csv is geweigerd \(1 fout\); er is niets gewijzigd\.[\s\S]*rij \d+, kolom email: "geen-adres"/);
    expect(await w.store.recipients()).toEqual(listed);
  });
});

describe('changing one recipient', () => {
  it('adds a recipient and refuses the same address twice for a municipality', async () => {
    const w = await world();
    const added = await addRecipient({ municipality: 'tiel', email: 'Nieuw@Tiel.example', name: 'Nieuw', role: 'ab-lid' }, by, w.recipients);
    expect(added).toEqual({ municipality: 'Tiel', email: 'nieuw@tiel.example', name: 'Nieuw', role: 'ab-lid' });
    expect(await w.recipientStore.history()).toEqual([expect.objectContaining({ at: '2026-11-09T07:00:00.000Z', actor: 'beheerder', action: 'recipient added', email: 'nieuw@tiel.example' })]);
    await expect(addRecipient({ municipality: 'Tiel', email: 'nieuw@tiel.example', name: 'Nieuw', role: 'ab-lid' }, by, w.recipients)).rejects.toThrow(RecipientExistsError);
    await expect(addRecipient({ municipality: 'Atlantis', email: 'a@b.example', name: 'A', role: 'ab-lid' }, by, w.recipients)).rejects.toThrow(/^de ontvanger is niet toegevoegd: --gemeente: "Atlantis" is geen gemeente van de organisatie; kies Buren, .* of Zaltbommel$/);
    await expect(addRecipient({ municipality: 'Atlantis', email: 'geen-adres', name: 'A', role: 'ab-lid' }, by, w.recipients)).rejects.toThrow(/^de ontvanger is niet toegevoegd: (--gemeente: "Atlantis".*; --email: .*geen-adres|--email: .*geen-adres.*; --gemeente: "Atlantis")/);
  });

  it('removes an address, and asks which municipality when it is listed for two', async () => {
    const w = await world();
    await addRecipient({ municipality: 'Buren', email: 'ab-lid-1@tiel.example', name: 'Dubbel', role: 'beleidsmedewerker' }, by, w.recipients);
    w.clock.set('2026-11-09T08:00:00Z');
    await expect(removeRecipient('ab-lid-1@tiel.example', undefined, by, w.recipients)).rejects.toThrow('ab-lid-1@tiel.example staat op de lijst voor Buren en Tiel; zeg met --gemeente welke');
    const removed = await removeRecipient('ab-lid-1@tiel.example', 'buren', by, w.recipients);
    expect(removed.municipality).toBe('Buren');
    expect((await w.recipientStore.history()).at(-1)).toMatchObject({ actor: 'beheerder', action: 'recipient removed', municipality: 'Buren', at: '2026-11-09T08:00:00.000Z' });
    await expect(removeRecipient('ab-lid-1@tiel.example', 'Buren', by, w.recipients)).rejects.toThrow('ab-lid-1@tiel.example staat niet op de lijst voor Buren');
    await expect(removeRecipient('geen adres', undefined, by, w.recipients)).rejects.toThrow('"geen adres"');
  });

  it('changes name and role, audited with before and after; the same again records nothing', async () => {
    const w = await world();
    const after = await changeRecipient({ email: 'ab-lid-1@tiel.example', municipality: 'Tiel' }, { name: 'Wethouder Tiel', role: 'beleidsmedewerker' }, by, w.recipients);
    expect(after).toMatchObject({ name: 'Wethouder Tiel', role: 'beleidsmedewerker' });
    await changeRecipient({ email: 'ab-lid-1@tiel.example', municipality: 'Tiel' }, { name: 'Wethouder Tiel', role: 'beleidsmedewerker' }, by, w.recipients);
    expect(await w.recipientStore.history()).toEqual([expect.objectContaining({ action: 'recipient changed', municipality: 'Tiel', email: 'ab-lid-1@tiel.example', detail: 'ab-lid AB-lid 1 Tiel → beleidsmedewerker Wethouder Tiel' })]);
    expect((await w.store.recipients()).find((r) => r.email === 'ab-lid-1@tiel.example')?.role).toBe('beleidsmedewerker');
    await expect(changeRecipient({ email: 'ab-lid-1@tiel.example', municipality: null }, { name: 'X', role: 'reviewer' }, by, w.recipients)).rejects.toThrow('ab-lid-1@tiel.example staat niet op de lijst van de reviewers');
    await expect(changeRecipient({ email: 'niemand@tiel.example', municipality: 'Tiel' }, { name: 'X', role: 'ab-lid' }, by, w.recipients)).rejects.toThrow('niemand@tiel.example staat niet op de lijst van Tiel');
    const renamed = await changeRecipient({ email: 'beleid-1@tiel.example', municipality: 'Tiel' }, { name: 'Nieuwe naam', role: 'beleidsmedewerker' }, by, w.recipients);
    expect(renamed.name).toBe('Nieuwe naam');
    expect((await w.store.recipients()).find((r) => r.email === 'beleid-1@tiel.example')?.name).toBe('Nieuwe naam');
    await changeRecipient({ email: 'beleid-1@tiel.example', municipality: 'Tiel' }, { name: 'Nieuwe naam', role: 'ab-lid' }, by, w.recipients);
    expect((await w.store.recipients()).find((r) => r.email === 'beleid-1@tiel.example')?.role).toBe('ab-lid');
  });

  it('opts a municipality out and back in as new organisation versions; asking twice changes nothing', async () => {
    const w = await world();
    expect(await setOptedOut('tiel', true, by, w.recipients)).toEqual({ municipality: 'Tiel', changed: true });
    expect(await setOptedOut('Tiel', true, by, w.recipients)).toEqual({ municipality: 'Tiel', changed: false });
    expect((await checkMailing(w.recipients)).optedOut).toEqual(['Neder-Betuwe', 'Tiel']);
    expect((await w.store.organisation())?.version).toBe(2);
    w.clock.set('2026-11-09T08:00:00Z');
    expect(await setOptedOut('Tiel', false, by, w.recipients)).toEqual({ municipality: 'Tiel', changed: true });
    await expect(setOptedOut('Atlantis', true, by, w.recipients)).rejects.toThrow('"Atlantis" is geen bekende gemeente');
    expect((await w.recipientStore.history()).map((e) => [e.actor, e.detail.split(' als ')[0]])).toEqual([
      ['beheerder', 'municipalities opt-out Tiel'],
      ['beheerder', 'municipalities opt-in Tiel'],
    ]);
  });

  it('clears a block so the address gets mail again, and says when there was none', async () => {
    const w = await world();
    await w.recipientStore.block({ email: 'beleid-1@tiel.example', reason: 'bounced', detail: '550', since: '2026-10-01T00:00:00Z', runId: '2026-07-final' }, { actor: 'ses', at: '2026-10-01T00:00:00Z' });
    expect((await checkMailing(w.recipients)).warnings.join()).toContain('beleid-1@tiel.example');
    await clearBlock('Beleid-1@tiel.example', by, w.recipients);
    expect((await w.recipientStore.history()).at(-1)).toMatchObject({ actor: 'beheerder', action: 'block cleared', email: 'beleid-1@tiel.example', at: '2026-11-09T07:00:00.000Z' });
    expect((await checkMailing(w.recipients)).warnings).toEqual([]);
    await expect(clearBlock('beleid-1@tiel.example', by, w.recipients)).rejects.toThrow('beleid-1@tiel.example is niet geblokkeerd; er is niets op te heffen');
  });
});

describe('mistakes in changing the list', () => {
  it('names how many would go when a file removes several', async () => {
    const w = await world();
    const listed = await w.store.recipients();
    const file = csv(listed.filter((r) => r.municipality !== 'Tiel'));
    const leaving = listed.filter((r) => r.municipality === 'Tiel');
    const error = await importRecipients(file, { ...by, confirmRemoval: false }, w.recipients).catch((e: Error) => e);
    expect(error).toBeInstanceOf(RemovalNotConfirmedError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe(`ontvangers.csv zou ${leaving.length} ontvangers van de lijst halen; er is niets gewijzigd. Wie eraf gaat:`);
    expect(lines.slice(1, -1).map((l) => /[a-z0-9.-]+@tiel\.example/.exec(l)?.[0]).sort()).toEqual(leaving.map((r) => r.email).sort());
    expect(lines.at(-1)).toBe('Klopt dat, lees het bestand dan opnieuw in met --bevestig: rapportbode recipients import ontvangers.csv --bevestig');
  });

  it('says an address is not on the list at all', async () => {
    const w = await world();
    await expect(removeRecipient('niemand@tiel.example', undefined, by, w.recipients)).rejects.toThrow('niemand@tiel.example staat niet op de lijst; zie rapportbode recipients list');
  });

  it('refuses a change to an invalid role, naming the field, and changes nothing', async () => {
    const w = await world();
    const before = await w.store.recipients();
    await expect(changeRecipient({ email: 'ab-lid-1@tiel.example', municipality: 'Tiel' }, { name: 'X', role: 'wethouder' as never }, by, w.recipients)).rejects.toThrow(/^de ontvanger is niet gewijzigd: rol: /);
    expect(await w.store.recipients()).toEqual(before);
    expect(await w.recipientStore.history()).toEqual([]);
  });
});
