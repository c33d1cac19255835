import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { deliveriesCsv, listMessages, listRuns } from '../../functions/usecases/deliveries';
import { recordDeliveryEvents } from '../../functions/usecases/delivery-events';
import { SendRejectedError } from '../../functions/usecases/ports';
import { resendReport } from '../../functions/usecases/resend';
import { runReport } from '../../functions/usecases/run-report';
import { type World, sesEvent, world } from './support';

const final = { period: parsePeriod('2026-09'), kind: 'final' as const };

/** A world after the final run, with the SES message id of Tiel's mail. */
async function afterRun(): Promise<{ w: World; tielId: string }> {
  const w = await world();
  await runReport(final, w.run);
  const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel');
  return { w, tielId: tiel?.sesMessageId as string };
}

async function tielRows(w: World) {
  const rows = await listMessages(w.log, await w.log.runs());
  return rows.find((r) => r.municipality === 'Tiel')?.recipients ?? [];
}

describe('what SES reports about a delivery', () => {
  it('shows a complaint that came after the delivery as a complaint', async () => {
    // Prepare
    const { w, tielId } = await afterRun();
    // Act
    await recordDeliveryEvents([sesEvent('Delivery', tielId, 'ab-lid-1@tiel.example', '2026-11-09T07:01:00Z'), sesEvent('Complaint', tielId, 'ab-lid-1@tiel.example', '2026-11-10T09:00:00Z')], w);
    // Assess
    expect((await tielRows(w)).find((r) => r.email === 'ab-lid-1@tiel.example')).toMatchObject({ role: 'ab-lid', status: 'complaint', reason: 'complaint: abuse' });
  });

  it('shows a bounce over an earlier delivery report, and a delivery where nothing worse came', async () => {
    const { w, tielId } = await afterRun();
    await recordDeliveryEvents([sesEvent('Bounce', tielId, 'beleid-1@tiel.example', '2026-11-09T07:02:00Z'), sesEvent('Delivery', tielId, 'beleid-1@tiel.example', '2026-11-09T07:01:00Z'), sesEvent('Delivery', tielId, 'ab-lid-1@tiel.example', '2026-11-09T07:01:00Z')], w);
    const rows = await tielRows(w);
    expect(rows.find((r) => r.email === 'beleid-1@tiel.example')).toMatchObject({ role: 'beleidsmedewerker', status: 'bounced' });
    expect(rows.find((r) => r.email === 'ab-lid-1@tiel.example')).toMatchObject({ status: 'delivered' });
  });

  it('blocks a complaining address as a complaint, and a bounced one as bounced', async () => {
    // Prepare
    const { w, tielId } = await afterRun();
    // Act
    const result = await recordDeliveryEvents([sesEvent('Complaint', tielId, 'ab-lid-1@tiel.example', '2026-11-10T09:00:00Z'), sesEvent('Bounce', tielId, 'beleid-1@tiel.example', '2026-11-09T07:02:00Z')], w);
    // Assess
    expect(result).toEqual({ recorded: 2, ignored: 0, unknownMessage: 0, blocked: 2 });
    const blocked = await w.store.blockedAddresses();
    expect(blocked.map((b) => [b.email, b.reason, b.runId])).toEqual([
      ['ab-lid-1@tiel.example', 'complaint', '2026-09-final'],
      ['beleid-1@tiel.example', 'bounced', '2026-09-final'],
    ]);
    expect((await w.recipientStore.history()).map((e) => e.actor)).toEqual(['ses', 'ses']);
  });

  it('ignores events it does not act on and mail it did not send, blocking nobody', async () => {
    const { w } = await afterRun();
    const open = JSON.stringify({ eventType: 'Open', mail: { timestamp: '2026-11-09T08:00:00Z', messageId: 'x', destination: [] }, open: {} });
    const result = await recordDeliveryEvents([open, sesEvent('Complaint', 'other-mail-of-the-account', 'iemand@elders.example', '2026-11-09T08:00:00Z'), sesEvent('Delivery', 'other', 'a@b.example', '2026-11-09T08:00:00Z')], w);
    expect(result).toEqual({ recorded: 0, ignored: 1, unknownMessage: 2, blocked: 0 });
    expect(await w.store.blockedAddresses()).toEqual([]);
  });

  it('does not block on a delivery or a soft bounce', async () => {
    const { w, tielId } = await afterRun();
    const soft = JSON.stringify({ eventType: 'Bounce', mail: { timestamp: 't', messageId: tielId, destination: [] }, bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'ab-lid-1@tiel.example' }], timestamp: '2026-11-09T07:02:00Z' } });
    const result = await recordDeliveryEvents([soft, sesEvent('Delivery', tielId, 'ab-lid-1@tiel.example', '2026-11-09T07:03:00Z')], w);
    expect(result.blocked).toBe(0);
    expect((await tielRows(w)).find((r) => r.email === 'ab-lid-1@tiel.example')?.status).toBe('soft-bounce');
  });
});

describe('the delivery overview', () => {
  it('lists runs with what their ledger says was sent', async () => {
    const { w } = await afterRun();
    const [run] = await listRuns(w.log);
    const sent = (await w.runs.deliveries('2026-09-final')).length;
    expect(run).toMatchObject({ runId: '2026-09-final', ledgerCounts: { sent, failed: 0, unknown: 0, open: 0, resent: 0 } });
  });

  it('writes one CSV line per address with the sha256 of the PDF it got', async () => {
    const { w, tielId } = await afterRun();
    await recordDeliveryEvents([sesEvent('Bounce', tielId, 'beleid-1@tiel.example', '2026-11-09T07:02:00Z')], w);
    const csv = await deliveriesCsv(await listMessages(w.log, await w.log.runs()), w.archive);
    const line = csv.split(/\r?\n/).find((l) => l.includes('beleid-1@tiel.example')) as string;
    const sha = createHash('sha256').update(await w.archive.get('runs/2026-09-final/tiel.pdf')).digest('hex');
    expect(line).toMatch(new RegExp(`^2026-09-final;2026-09;final;origineel;Tiel;${sha};beleid-1@tiel\\.example;beleidsmedewerker;2026-11-09T07:00:00\\.000Z;bounced;".*550 5\\.1\\.1 user unknown";${tielId};$`));
  });
});

describe('re-sends in the delivery overview', () => {
  it('lists a re-send as its own row with what SES reported about it, and counts it on the run', async () => {
    // Prepare
    const { w } = await afterRun();
    const summary = await resendReport({ runId: '2026-09-final', requestId: 'r', to: 'beleid-1@tiel.example', requestedBy: 'beheerder' }, w.resend);
    const resent = summary.messages[0]?.sesMessageId as string;
    await recordDeliveryEvents([sesEvent('Bounce', resent, 'beleid-1@tiel.example', '2026-11-10T09:00:00Z')], w);
    // Act
    const rows = await listMessages(w.log, await w.log.runs());
    const [run] = await listRuns(w.log);
    // Assess
    const again = rows.filter((r) => r.send === 'opnieuw');
    expect(again).toEqual([expect.objectContaining({ municipality: 'Tiel', to: ['beleid-1@tiel.example'], requestedBy: 'beheerder', status: 'sent', sesMessageId: resent, attachmentKey: 'runs/2026-09-final/tiel.pdf' })]);
    expect(again[0]?.recipients).toEqual([{ email: 'beleid-1@tiel.example', role: 'beleidsmedewerker', status: 'bounced', reason: expect.stringContaining('550') }]);
    expect(rows.find((r) => r.send === 'origineel' && r.municipality === 'Tiel')?.recipients.find((r) => r.email === 'beleid-1@tiel.example')?.status).toBe('sent');
    expect(run?.ledgerCounts.resent).toBe(1);
    const csv = await deliveriesCsv(rows, w.archive);
    expect(csv.split(/\r?\n/).filter((l) => l.includes(';opnieuw;'))).toEqual([expect.stringMatching(new RegExp(`;beleid-1@tiel\\.example;beleidsmedewerker;.*;bounced;.*;${resent};beheerder$`))]);
  });

  it('shows each send by what SES said about that send: a bounced original, a re-send that arrived', async () => {
    const { w, tielId } = await afterRun();
    const summary = await resendReport({ runId: '2026-09-final', requestId: 'r', to: 'beleid-1@tiel.example', requestedBy: 'beheerder' }, w.resend);
    await recordDeliveryEvents([sesEvent('Delivery', summary.messages[0]!.sesMessageId!, 'beleid-1@tiel.example', '2026-11-10T09:00:00Z')], w);
    await recordDeliveryEvents([sesEvent('Bounce', tielId, 'beleid-1@tiel.example', '2026-11-09T07:02:00Z')], w);
    const rows = await listMessages(w.log, await w.log.runs());
    expect(rows.find((r) => r.send === 'opnieuw')?.recipients).toEqual([expect.objectContaining({ email: 'beleid-1@tiel.example', status: 'delivered' })]);
    expect(rows.find((r) => r.send === 'origineel' && r.municipality === 'Tiel')?.recipients.find((r) => r.email === 'beleid-1@tiel.example')?.status).toBe('bounced');
  });

  it('counts only re-sends that went, and leaves empty what a failed message lacks in the CSV', async () => {
    const { w } = await afterRun();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    await resendReport({ runId: '2026-09-final', requestId: 'r', municipality: 'Tiel', requestedBy: 'beheerder' }, w.resend);
    const [run] = await listRuns(w.log);
    expect(run?.ledgerCounts.resent).toBe(0);
    const items = w.data.runItems.get('2026-09-final') as Map<string, object>;
    const { attachmentKey: _, sentAt: __, sesMessageId: ___, ...bare } = items.get('DELIVERY#Buren#1') as { attachmentKey?: string; sentAt?: string; sesMessageId?: string };
    items.set('DELIVERY#Buren#1', bare);
    const csv = await deliveriesCsv(await listMessages(w.log, await w.log.runs()), w.archive);
    const buren = csv.split(/\r?\n/).filter((l) => l.includes(';origineel;Buren;'));
    expect(buren.length).toBeGreaterThan(0);
    expect(buren.every((l) => /;origineel;Buren;;[^;]+;[^;]+;;sent;;;$/.test(l))).toBe(true);
  });

  it('says in the CSV when a PDF is no longer in the archive', async () => {
    const { w } = await afterRun();
    await w.archive.delete('runs/2026-09-final/tiel.pdf');
    const csv = await deliveriesCsv(await listMessages(w.log, await w.log.runs()), w.archive);
    expect(csv.split(/\r?\n/).filter((l) => l.includes(';Tiel;')).every((l) => l.includes(';(niet in het archief);'))).toBe(true);
  });
});

describe('roles in the overview', () => {
  it('shows the addressees of a concept as reviewers, the Cc of a final as beleidsmedewerkers', async () => {
    const w = await world();
    await runReport({ period: final.period, kind: 'concept' }, w.run);
    await runReport(final, w.run);
    const rows = await listMessages(w.log, await w.log.runs());
    const concept = rows.find((r) => r.kind === 'concept' && r.municipality === 'Tiel');
    expect(concept?.recipients.map((r) => r.role)).toEqual(concept?.recipients.map(() => 'reviewer'));
    const tiel = rows.find((r) => r.kind === 'final' && r.municipality === 'Tiel');
    expect(tiel?.recipients.find((r) => r.email === 'beleid-1@tiel.example')?.role).toBe('beleidsmedewerker');
    expect(tiel?.recipients.find((r) => r.email === 'ab-lid-1@tiel.example')?.role).toBe('ab-lid');
  });

  it('shows a gbo-lid who got the concept as gbo-lid, not as a reviewer', async () => {
    const w = await world();
    await w.recipientStore.add({ email: 'gbo@tiel.example', name: 'G. Tielemans', role: 'gbo-lid', municipality: 'Tiel' }, { actor: 'test', at: '2026-11-01T08:00:00Z' });
    await runReport({ period: final.period, kind: 'concept' }, w.run);
    const rows = await listMessages(w.log, await w.log.runs());
    const tiel = rows.filter((r) => r.kind === 'concept' && r.municipality === 'Tiel').flatMap((r) => r.recipients);
    expect(tiel.find((r) => r.email === 'gbo@tiel.example')?.role).toBe('gbo-lid');
    expect(tiel.find((r) => r.email === 'team-beleid@werkzaak.example')?.role).toBe('reviewer');
  });
});
