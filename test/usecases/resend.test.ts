import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { SendOutcomeUnknownError, SendRejectedError } from '../../functions/usecases/ports';
import { recordDeliveryEvents } from '../../functions/usecases/delivery-events';
import { resendReport } from '../../functions/usecases/resend';
import { runConcept } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { type World, answerLinkIn, header, sesEvent, world } from './support';
import { openAnswerPage } from '../../functions/usecases/answers';

const final = { period: parsePeriod('2026-09'), kind: 'final' as const };
const request = { runId: '2026-09-final', requestedBy: 'beheerder' };

async function afterRun(): Promise<World> {
  const w = await world();
  await runReport(final, w.run);
  w.clock.set('2026-11-12T10:00:00Z');
  return w;
}

const sentSince = (w: World, before: number) => w.mailer.sent.slice(before);

describe('re-sending an archived report', () => {
  it('archives every re-sent mail of one request under its own key, exactly as sent', async () => {
    // Prepare
    const w = await afterRun();
    const before = w.mailer.sent.length;
    // Act
    const summary = await resendReport({ ...request, requestId: 'verzoek-1' }, w.resend);
    // Assess
    const sent = sentSince(w, before);
    expect(summary.messages.map((m) => m.status)).toEqual(sent.map(() => 'sent'));
    const archived = w.archive.keys().filter((k) => k.startsWith('runs/2026-09-final/mail/resend-'));
    expect(archived).toHaveLength(sent.length);
    for (const [i, mail] of sent.entries()) expect(await w.archive.get(`runs/2026-09-final/mail/resend-verzoek-1-${i + 1}.eml`)).toEqual(mail.raw);
    const toTwoLeden = sent.filter((m) => header(m, 'To').split(',').length === 2);
    expect(toTwoLeden.length).toBeGreaterThan(0);
    expect(toTwoLeden.every((m) => m.text.includes('Geachte leden van het algemeen bestuur,'))).toBe(true);
  });

  it('attaches the archived PDF unchanged, also when the figures changed since', async () => {
    const w = await afterRun();
    const tiel = (await w.store.figures(['2026-10'])).find((f) => f.municipality === 'Tiel');
    await w.store.putFigures([{ ...tiel!, value: tiel!.value + 1000 }], 'correctie');
    const pdf = await w.archive.get('runs/2026-09-final/tiel.pdf');
    const before = w.mailer.sent.length;
    await resendReport({ ...request, requestId: 'r', municipality: 'tiel' }, w.resend);
    const [mail] = sentSince(w, before);
    expect(mail?.text.replace(/\r?\n/g, '')).toContain(Buffer.from(pdf).toString('base64').slice(0, 60));
    expect(header(mail!, 'To')).toContain('ab-lid-1@tiel.example');
    expect(w.printers).toHaveLength(1);
  });

  it('sends nothing twice when the same request is retried', async () => {
    const w = await afterRun();
    const first = await resendReport({ ...request, requestId: 'verzoek-2', municipality: 'Tiel' }, w.resend);
    const before = w.mailer.sent.length;
    const retry = await resendReport({ ...request, requestId: 'verzoek-2', municipality: 'Tiel' }, w.resend);
    expect(first.messages.map((m) => m.status)).toEqual(['sent']);
    expect(retry.messages.map((m) => m.status)).toEqual(['already sent']);
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel')!;
    const audit = (await w.recipientStore.history()).filter((e) => e.action === 'report resent');
    expect(audit).toEqual([expect.objectContaining({ municipality: 'Tiel', email: undefined, runId: '2026-09-final', detail: `Tiel#1 aan ${tiel.to.length + tiel.cc.length} adres(sen)` })]);
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('sends one address its own municipality\'s report only, and records it in the audit trail', async () => {
    const w = await afterRun();
    const before = w.mailer.sent.length;
    const summary = await resendReport({ ...request, requestId: 'r', to: 'beleid-1@tiel.example' }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ municipality: 'Tiel', to: ['beleid-1@tiel.example'], cc: [], status: 'sent' })]);
    expect(sentSince(w, before)).toHaveLength(1);
    expect(sentSince(w, before)[0]?.text).toContain('Geachte Beleidsmedewerker 1 Tiel,');
    expect(await w.recipientStore.history()).toEqual([expect.objectContaining({ action: 'report resent', actor: 'beheerder', email: 'beleid-1@tiel.example', municipality: 'Tiel', detail: 'Tiel#1 aan 1 adres(sen)' })]);
  });

  it('addresses the mail by the name the list gives for that municipality', async () => {
    const w = await afterRun();
    await w.recipientStore.add({ email: 'beleid-1@tiel.example', name: 'Dubbel Buren', role: 'beleidsmedewerker', municipality: 'Buren' }, { actor: 'b', at: '2026-11-12T09:00:00Z' });
    const before = w.mailer.sent.length;
    await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    const [mail] = sentSince(w, before);
    expect(header(mail!, 'Cc')).toMatch(/"?Beleidsmedewerker 1 Tiel"? <beleid-1@tiel\.example>/);
    expect(header(mail!, 'To')).toMatch(/"?AB-lid 1 Tiel"? <ab-lid-1@tiel\.example>/);
    expect(header(mail!, 'From')).toMatch(/Werkzaak Rivierenland"? <rapportage@werkzaak\.example>/);
    expect(header(mail!, 'Reply-To')).toBe('team-beleid@werkzaak.example');
    expect(header(mail!, 'Message-ID')).toBe('<2026-09-final.resend.r.1@rapportbode>');
  });

  it('sends an address off the list only the municipality named with it, and notes it as off the list', async () => {
    const w = await afterRun();
    await expect(resendReport({ ...request, requestId: 'r', to: 'accountant@elders.example' }, w.resend)).rejects.toThrow('accountant@elders.example staat niet op de ontvangerslijst en kreeg niets uit 2026-09-final; noem met --gemeente');
    const summary = await resendReport({ ...request, requestId: 'r', to: 'accountant@elders.example', municipality: 'Buren' }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ municipality: 'Buren', to: ['accountant@elders.example'], cc: [], offList: ['accountant@elders.example'] })]);
    const [entry] = (await w.log.entries('2026-09-final')).resends;
    expect(entry).toMatchObject({ roles: { 'accountant@elders.example': 'extern' }, offList: ['accountant@elders.example'], requestedBy: 'beheerder' });
  });

  it('never sends an address listed for one municipality another municipality\'s report', async () => {
    const w = await afterRun();
    await w.recipientStore.add({ email: 'nieuw@tiel.example', name: 'Nieuw', role: 'ab-lid', municipality: 'Tiel' }, { actor: 'b', at: '2026-11-12T09:00:00Z' });
    await expect(resendReport({ ...request, requestId: 'r', to: 'nieuw@tiel.example', municipality: 'Buren' }, w.resend)).rejects.toThrow(
      'nieuw@tiel.example staat op de lijst voor Tiel en 2026-09-final heeft geen rapport van die gemeente (gevraagd: --gemeente Buren); een adres krijgt nooit het rapport van een andere gemeente',
    );
    const summary = await resendReport({ ...request, requestId: 'r', to: 'nieuw@tiel.example' }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ municipality: 'Tiel', to: ['nieuw@tiel.example'], cc: [], offList: [] })]);
    expect((await w.log.entries('2026-09-final')).resends).toEqual([expect.objectContaining({ roles: { 'nieuw@tiel.example': 'ab-lid' } })]);
  });

  it('skips a blocked address with a warning, and sends no mail with Cc only', async () => {
    const w = await afterRun();
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel')!;
    for (const email of tiel.to) await w.recipientStore.block({ email, reason: 'bounced', detail: '550', since: '2026-11-10T00:00:00Z', runId: '2026-09-final' }, { actor: 'ses', at: '2026-11-10T00:00:00Z' });
    const summary = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(summary.messages).toEqual([]);
    expect(summary.warnings).toContain('Tiel: geen adres meer voor Aan, dus geen mail met alleen Cc verstuurd');
    expect(summary.warnings[0]).toMatch(/^ab-lid-1@tiel\.example overgeslagen: .* op 10-11-2026 \(550\); hef dat eerst op met rapportbode recipients clear-bounce --email ab-lid-1@tiel\.example$/);
  });

  it('sends only what did not arrive: the bounced address, not the one that complained or was delivered', async () => {
    // Prepare
    const w = await afterRun();
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel')!;
    await recordDeliveryEvents([sesEvent('Delivery', tiel.sesMessageId!, 'ab-lid-1@tiel.example', '2026-11-09T07:01:00Z'), sesEvent('Complaint', tiel.sesMessageId!, 'ab-lid-1@tiel.example', '2026-11-09T09:00:00Z')], w);
    await w.recipientStore.clearBlock('ab-lid-1@tiel.example', { actor: 'b', at: '2026-11-10T00:00:00Z' });
    w.data.blocked.clear();
    const transient = JSON.stringify({ eventType: 'Bounce', mail: { timestamp: 't', messageId: tiel.sesMessageId, destination: [] }, bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'beleid-1@tiel.example' }], timestamp: '2026-11-09T07:02:00Z' } });
    await recordDeliveryEvents([transient], w);
    const before = w.mailer.sent.length;
    // Act
    const first = await resendReport({ ...request, requestId: 'alleen-mislukt', onlyFailed: true }, w.resend);
    const second = await resendReport({ ...request, requestId: 'alleen-mislukt-2', onlyFailed: true }, w.resend);
    // Assess
    expect(first.messages).toEqual([expect.objectContaining({ municipality: 'Tiel', to: ['beleid-1@tiel.example'], cc: [], status: 'sent' })]);
    expect(first.warnings).toEqual(['ab-lid-1@tiel.example (Tiel) heeft geklaagd; het krijgt geen mail meer']);
    expect((await w.log.entries('2026-09-final')).resends[0]).toMatchObject({ roles: { 'beleid-1@tiel.example': 'beleidsmedewerker' }, offList: [] });
    expect(second.messages).toEqual([]);
    expect(sentSince(w, before)).toHaveLength(1);
  });

  it('sends a message SES refused again whole, and warns about one whose outcome is unknown', async () => {
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    w.mailer.failNext(new SendOutcomeUnknownError('timeout'));
    const run = await runReport(final, w.run);
    const [refused, unknown] = run.deliveries;
    const summary = await resendReport({ ...request, requestId: 'r', onlyFailed: true }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ municipality: refused?.municipality, to: refused?.to, cc: refused?.cc, offList: [], status: 'sent' })]);
    expect(summary.warnings.join('\n')).toContain(`(${unknown?.municipality}): SES heeft het misschien verstuurd (uitkomst onbekend)`);
  });

  it('records a re-send SES refused as failed, with the reason', async () => {
    const w = await afterRun();
    w.mailer.failNext(new SendRejectedError('MessageRejected: geweigerd'));
    const summary = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ status: 'failed', reason: 'MessageRejected: geweigerd' })]);
    expect((await w.log.entries('2026-09-final')).resends).toEqual([expect.objectContaining({ status: 'failed', reason: 'MessageRejected: geweigerd' })]);
    const retry = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(retry.messages).toEqual([expect.objectContaining({ status: 'failed', reason: 'MessageRejected: geweigerd' })]);
  });

  it('sends a concept to reviewers only', async () => {
    const w = await world();
    const concept = await runConcept({ period: final.period }, w.run, w.log);
    await expect(resendReport({ runId: concept.runId, requestedBy: 'b', requestId: 'r', to: 'ab-lid-1@tiel.example' }, w.resend)).rejects.toThrow(
      `${concept.runId} is een concept (niet verspreiden) en gaat alleen naar reviewers en gbo-leden; ab-lid-1@tiel.example is geen van beide`,
    );
    const summary = await resendReport({ runId: concept.runId, requestedBy: 'b', requestId: 'r', to: 'team-beleid@werkzaak.example', municipality: 'Tiel' }, w.resend);
    expect(summary.messages.map((m) => [m.municipality, m.status])).toEqual([['Tiel', 'sent']]);
  });

  it('sends a gbo-lid only its own municipality’s concept, also when it was added after the concept', async () => {
    // Prepare: Tiel's gbo-lid joins the list after the concept went out.
    const w = await world();
    const concept = await runConcept({ period: final.period }, w.run, w.log);
    await w.recipientStore.add({ email: 'gbo@tiel.example', name: 'G. Tielemans', role: 'gbo-lid', municipality: 'Tiel' }, { actor: 'test', at: '2026-11-09T08:00:00Z' });
    // Act
    const summary = await resendReport({ runId: concept.runId, requestedBy: 'b', requestId: 'r', to: 'gbo@tiel.example' }, w.resend);
    const other = resendReport({ runId: concept.runId, requestedBy: 'b', requestId: 'r2', to: 'gbo@tiel.example', municipality: 'Buren' }, w.resend);
    // Assess
    expect(summary.messages.map((m) => [m.municipality, m.to, m.status])).toEqual([['Tiel', ['gbo@tiel.example'], 'sent']]);
    // With the gbo-lid's own answer link for Tiel's concept.
    const link = answerLinkIn(w.mailer.sent.at(-1) as { text: string }) as string;
    expect(await openAnswerPage(link, w.answering)).toMatchObject({ state: 'open', municipality: 'Tiel', name: 'G. Tielemans' });
    await expect(other).rejects.toThrow('gbo@tiel.example staat op de lijst voor Tiel en 2026-09-concept-1 heeft geen rapport van die gemeente (gevraagd: --gemeente Buren)');
  });

  it('refuses a run that does not exist or sent nothing, and a municipality it did not mail', async () => {
    const w = await afterRun();
    await expect(resendReport({ ...request, runId: '2026-07-final', requestId: 'r' }, w.resend)).rejects.toThrow('er is geen run 2026-07-final');
    await expect(resendReport({ ...request, requestId: 'r', municipality: 'Neder-Betuwe' }, w.resend)).rejects.toThrow('run 2026-09-final heeft geen mail voor "Neder-Betuwe" verstuurd (wel voor: ');
    await expect(resendReport({ ...request, requestId: 'r', to: 'a@b.example', onlyFailed: true }, w.resend)).rejects.toThrow('kies één adres of alleen wat niet aankwam, niet allebei');
  });
});

describe('re-sends that cannot or need not go', () => {
  it('sends a reviewer each municipality\'s report of a final', async () => {
    const w = await afterRun();
    const summary = await resendReport({ ...request, requestId: 'r', to: 'team-beleid@werkzaak.example' }, w.resend);
    const mailed = [...new Set((await w.runs.deliveries('2026-09-final')).map((d) => d.municipality))];
    expect(summary.messages.map((m) => m.municipality)).toEqual(mailed);
    expect(summary.messages.every((m) => m.cc.length === 0 && m.offList.length === 0 && m.to.join() === 'team-beleid@werkzaak.example')).toBe(true);
    expect((await w.log.entries('2026-09-final')).resends.every((r) => r.roles['team-beleid@werkzaak.example'] === 'reviewer')).toBe(true);
  });

  it('leaves a re-send another request is sending to that request', async () => {
    const w = await afterRun();
    await w.log.claimResend({ runId: '2026-09-final', requestId: 'r', resendOf: 'Tiel#1', municipality: 'Tiel', to: ['ab-lid-1@tiel.example'], cc: [], roles: {}, offList: [], requestedBy: 'b', claimedAt: '2026-11-12T09:59:59.000Z', attachmentKey: 'runs/2026-09-final/tiel.pdf' });
    const before = w.mailer.sent.length;
    const summary = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(summary.messages.map((m) => m.status)).toEqual(['in progress']);
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('records a re-send whose outcome is unknown as failed, saying SES may have sent it', async () => {
    const w = await afterRun();
    w.mailer.failNext(new SendOutcomeUnknownError('timeout'));
    const summary = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(summary.messages.map((m) => m.status)).toEqual(['unknown']);
    expect((await w.log.entries('2026-09-final')).resends).toEqual([expect.objectContaining({ status: 'failed', reason: 'uitkomst onbekend, SES kan hem hebben verstuurd: timeout' })]);
  });

  it('refuses when the run\'s snapshot is gone or unreadable, sending nothing', async () => {
    const w = await afterRun();
    const before = w.mailer.sent.length;
    await w.archive.put('runs/2026-09-final/snapshot.json', JSON.stringify({ input: {} }), 'application/json');
    await expect(resendReport({ ...request, requestId: 'r' }, w.resend)).rejects.toThrow(/^de gearchiveerde momentopname van 2026-09-final is niet leesbaar \(.+\); de run kan niet opnieuw worden verstuurd$/);
    await w.archive.delete('runs/2026-09-final/snapshot.json');
    await expect(resendReport({ ...request, requestId: 'r' }, w.resend)).rejects.toThrow('het archief heeft geen momentopname van 2026-09-final (runs/2026-09-final/snapshot.json); de run kan niet opnieuw worden verstuurd');
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('says a run that sent nothing has nothing to send again', async () => {
    const w = await world();
    await w.runs.acquireRun({ runId: '2026-09-final', period: '2026-09', kind: 'final', startedAt: '2026-11-01T07:00:00Z' }, new Date('2026-11-01T07:00:00Z'), 1000);
    await expect(resendReport({ ...request, requestId: 'r' }, w.resend)).rejects.toThrow('run 2026-09-final heeft geen mail verstuurd, dus er is niets opnieuw te versturen');
  });
});

describe('whom a re-send leaves out', () => {
  const block = (w: World, email: string) => w.recipientStore.block({ email, reason: 'bounced', detail: '550 onbekend', since: '2026-11-10T06:00:00Z', runId: '2026-09-final' }, { actor: 'ses', at: '2026-11-10T06:00:00Z' });

  it('leaves a blocked Cc address out and sends the rest, saying why', async () => {
    const w = await afterRun();
    await block(w, 'beleid-1@tiel.example');
    const summary = await resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend);
    expect(summary.messages).toEqual([expect.objectContaining({ municipality: 'Tiel', offList: [], status: 'sent' })]);
    expect(summary.messages[0]?.cc).not.toContain('beleid-1@tiel.example');
    expect(summary.messages[0]?.to).toContain('ab-lid-1@tiel.example');
    expect(summary.warnings).toEqual(['beleid-1@tiel.example overgeslagen: onbestelbaar op 10-11-2026 (550 onbekend); hef dat eerst op met rapportbode recipients clear-bounce --email beleid-1@tiel.example']);
  });

  it('sends nothing to a blocked address asked for alone, and needs no archive for it', async () => {
    const w = await afterRun();
    await block(w, 'beleid-1@tiel.example');
    await w.archive.delete('runs/2026-09-final/snapshot.json');
    const summary = await resendReport({ ...request, requestId: 'r', to: 'beleid-1@tiel.example' }, w.resend);
    expect(summary.messages).toEqual([]);
    expect(summary.warnings).toHaveLength(1);
  });

  it('says which PDF is unknown when the ledger does not name it', async () => {
    const w = await afterRun();
    const items = w.data.runItems.get('2026-09-final') as Map<string, object>;
    const { attachmentKey: _, ...withoutKey } = items.get('DELIVERY#Tiel#1') as { attachmentKey?: string };
    items.set('DELIVERY#Tiel#1', withoutKey);
    await expect(resendReport({ ...request, requestId: 'r', municipality: 'Tiel' }, w.resend)).rejects.toThrow('het grootboek van 2026-09-final zegt niet welke PDF Tiel kreeg; die kan niet opnieuw worden verstuurd');
  });

  it('refuses an address listed for a municipality the run did not mail', async () => {
    const w = await afterRun();
    await w.recipientStore.add({ email: 'ab-lid@neder-betuwe.example', name: 'AB', role: 'ab-lid', municipality: 'Neder-Betuwe' }, { actor: 'b', at: '2026-11-12T09:00:00Z' });
    await expect(resendReport({ ...request, requestId: 'r', to: 'ab-lid@neder-betuwe.example' }, w.resend)).rejects.toThrow(
      'ab-lid@neder-betuwe.example staat op de lijst voor Neder-Betuwe en 2026-09-final heeft geen rapport van die gemeente; een adres krijgt nooit het rapport van een andere gemeente',
    );
  });

  it('judges an address by its latest attempt in time, not by the order of the requests', async () => {
    // Prepare: beleid-1 bounced; re-send "z-eerste" bounced again, the later "a-tweede" arrived.
    const w = await afterRun();
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel')!;
    const soft = (id: string, at: string) => JSON.stringify({ eventType: 'Bounce', mail: { timestamp: at, messageId: id, destination: [] }, bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'beleid-1@tiel.example' }], timestamp: at } });
    await recordDeliveryEvents([soft(tiel.sesMessageId!, '2026-11-09T07:02:00Z')], w);
    const first = await resendReport({ ...request, requestId: 'z-eerste', to: 'beleid-1@tiel.example' }, w.resend);
    await recordDeliveryEvents([soft(first.messages[0]!.sesMessageId!, '2026-11-12T10:01:00Z')], w);
    w.clock.set('2026-11-13T10:00:00Z');
    const second = await resendReport({ ...request, requestId: 'a-tweede', to: 'beleid-1@tiel.example' }, w.resend);
    await recordDeliveryEvents([sesEvent('Delivery', second.messages[0]!.sesMessageId!, 'beleid-1@tiel.example', '2026-11-13T10:01:00Z')], w);
    // Act
    const onlyFailed = await resendReport({ ...request, requestId: 'alleen-mislukt', onlyFailed: true }, w.resend);
    // Assess
    expect(onlyFailed.messages).toEqual([]);
  });

  it('sends a bounced address again also after a later re-send reached another address of its message', async () => {
    const w = await afterRun();
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel')!;
    const soft = JSON.stringify({ eventType: 'Bounce', mail: { timestamp: 't', messageId: tiel.sesMessageId, destination: [] }, bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'beleid-1@tiel.example' }], timestamp: '2026-11-09T07:02:00Z' } });
    await recordDeliveryEvents([soft], w);
    await resendReport({ ...request, requestId: 'ander-adres', to: 'ab-lid-1@tiel.example' }, w.resend);
    w.clock.set('2026-11-13T10:00:00Z');
    const onlyFailed = await resendReport({ ...request, requestId: 'alleen-mislukt', onlyFailed: true }, w.resend);
    expect(onlyFailed.messages).toEqual([expect.objectContaining({ municipality: 'Tiel', to: ['beleid-1@tiel.example'] })]);
  });

  it('lets a reviewer added after the concept have it', async () => {
    const w = await world();
    const concept = await runReport({ period: final.period, kind: 'concept' }, w.run);
    await w.recipientStore.add({ email: 'nieuwe-reviewer@werkzaak.example', name: 'Nieuw', role: 'reviewer', municipality: null }, { actor: 'b', at: '2026-11-09T08:00:00Z' });
    const summary = await resendReport({ runId: concept.runId, requestedBy: 'b', requestId: 'r', to: 'nieuwe-reviewer@werkzaak.example', municipality: 'Tiel' }, w.resend);
    expect(summary.messages.map((m) => m.status)).toEqual(summary.messages.map(() => 'sent'));
    expect(summary.messages.length).toBeGreaterThan(0);
  });

  it('keeps the roles and no off-list addresses when the whole run goes again', async () => {
    const w = await afterRun();
    const summary = await resendReport({ ...request, requestId: 'r' }, w.resend);
    expect(summary.messages.every((m) => m.offList.length === 0)).toBe(true);
    const tiel = (await w.log.entries('2026-09-final')).resends.find((r) => r.municipality === 'Tiel');
    expect(tiel).toMatchObject({ offList: [], roles: { 'ab-lid-1@tiel.example': 'ab-lid', 'beleid-1@tiel.example': 'beleidsmedewerker' } });
  });
});
