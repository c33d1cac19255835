import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { printRunSummary } from '../../functions/cli/run-summary';
import { InMemoryPrinter as Printer, createInMemoryAdapters } from '../../functions/adapters/memory';
import { FiguresIncompleteError } from '../../functions/core/readiness';
import { parsePeriod } from '../../functions/core/periods';
import type { Figure } from '../../functions/core/organisation';
import { MessageTooLargeError, SendOutcomeUnknownError, SendRejectedError } from '../../functions/usecases/ports';
import { checkMailing } from '../../functions/usecases/recipients';
import { QuotaExceededError, RunInProgressError, type RunSummary, countPdfPages, runReport } from '../../functions/usecases/run-report';
import { messageIdFor } from '../../functions/usecases/send-message';
import { LEASE_MS, header, snapshotOf, world } from './support';

const period = parsePeriod('2026-09');

/** V8's full collection, reached without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const final = { period, kind: 'final' as const };

/** What `rapportbode run` prints under the run (functions/cli/run-summary.ts), line by line. */
function printed(summary: RunSummary): string[] {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    printRunSummary(summary);
  } finally {
    log.mockRestore();
  }
  return lines;
}

/** Addresses the final would mail, To and Cc counted apart. */
async function addressesToMail(w: Awaited<ReturnType<typeof world>>) {
  const plan = await checkMailing(w.recipients);
  return { to: plan.messages.reduce((n, m) => n + m.to.length, 0), cc: plan.messages.reduce((n, m) => n + m.cc.length, 0), messages: plan.messages.length };
}

describe('a run of the final report', () => {
  it('mails every participating municipality its own report once, To the AB-leden and Cc the beleidsmedewerkers', async () => {
    const w = await world();
    const summary = await runReport(final, w.run);
    expect(summary.status).toBe('completed');
    const tiel = w.mailer.sent.find((m) => header(m, 'To').includes('ab-lid-1@tiel.example'));
    expect(header(tiel!, 'Cc')).toContain('beleid-1@tiel.example');
    expect(w.mailer.sent.some((m) => m.text.includes('neder-betuwe.example'))).toBe(false);
    expect(summary.optedOut).toEqual(['Neder-Betuwe']);
    expect(w.archive.keys().filter((k) => k.endsWith('.pdf'))).toHaveLength(summary.deliveries.length);
    expect(w.archive.keys()).not.toContain('runs/2026-09-final/neder-betuwe.pdf');
    expect(w.mailer.paced).toBe(w.mailer.sent.length);
    expect(w.printers.map((p) => p.closed)).toEqual([true]);
    expect((await w.runs.getRun('2026-09-final'))?.counts).toEqual({ sent: summary.deliveries.length, skipped: 0, failed: 0 });
  });

  it('archives exactly the raw mail it sent, and the PDF it attached', async () => {
    const w = await world();
    await runReport(final, w.run);
    const tiel = (await w.runs.deliveries('2026-09-final')).find((d) => d.municipality === 'Tiel');
    const sent = w.mailer.sent.find((m) => m.sesMessageId === tiel?.sesMessageId);
    expect(await w.archive.get('runs/2026-09-final/mail/Tiel_1.eml')).toEqual(sent?.raw);
    expect(Buffer.from(await w.archive.get(tiel!.attachmentKey!)).toString('latin1')).toContain('Tiel');
  });

  it('refuses a report with missing figures unless asked, recording no attempt for the refusal', async () => {
    const w = await world();
    const index = w.data.importValues.findIndex((v) => (v.value as Figure).municipality === 'Tiel' && (v.value as Figure).month === '2026-10');
    w.data.importValues.splice(index, 1);
    await expect(runReport(final, w.run)).rejects.toThrow(FiguresIncompleteError);
    expect(w.mailer.sent).toEqual([]);
    // Refused before anything was made: not an attempt, so the later final is attempt 1 (issue 23 item 14).
    expect(await w.runs.getRun('2026-09-final')).toBeUndefined();
    const allowed = await runReport({ ...final, allowIncomplete: true }, w.run);
    expect(allowed.status).toBe('completed');
  });

  it('reports a missing value as "geen gegevens" in its municipality\'s report when asked to run without it', async () => {
    // The real renderer (loaded only here: it takes seconds), so the words are the report's own.
    const { ReportRenderer } = await import('../../functions/adapters/report-renderer');
    const w = await world({ renderer: new ReportRenderer() });
    const index = w.data.importValues.findIndex((v) => (v.value as Figure).municipality === 'Tiel' && (v.value as Figure).indicator === 'instroom' && (v.value as Figure).month === '2026-10');
    w.data.importValues.splice(index, 1);
    const allowed = await runReport({ ...final, allowIncomplete: true }, w.run);
    expect(allowed.status).toBe('completed');
    const html = async (municipality: string) => Buffer.from(await w.archive.get(`runs/2026-09-final/${municipality}.html`)).toString('utf8');
    // The organisation's part (the same in every report) lacks the total too; Tiel's own paragraph lacks its value.
    const gaps = async (municipality: string) => (await html(municipality)).match(/geen gegevens/g)?.length ?? 0;
    expect(await gaps('tiel')).toBeGreaterThan(await gaps('buren'));
  });

  it('refuses a sender the installation may not send as, before anything is sent', async () => {
    const w = await world();
    await expect(runReport(final, { ...w.run, allowedSender: 'rapportage@elders.example' })).rejects.toThrow(/is niet het adres waarvoor deze installatie mag verzenden/);
    expect(w.mailer.sent).toEqual([]);
    expect((await runReport(final, { ...w.run, allowedSender: 'Iemand <RAPPORTAGE@werkzaak.example>' })).status).toBe('completed');
  });

  it('refuses an organisation whose publicatie is not what the installation serves, before anything is sent', async () => {
    const w = await world();
    await expect(runReport(final, { ...w.run, allowedPublication: 'openbaar' })).rejects.toThrow(
      'het organisatiebestand zegt publicatie: besloten, maar deze installatie publiceert de webedities openbaar; er is niets verzonden',
    );
    expect(w.mailer.sent).toEqual([]);
    expect((await runReport(final, { ...w.run, allowedPublication: 'besloten' })).status).toBe('completed');
  });

  it('refuses a period that does not fit the rhythm', async () => {
    const w = await world();
    await expect(runReport({ period: parsePeriod('2026-07', 3), kind: 'final' }, w.run)).rejects.toThrow('past niet bij het ritme van Werkzaak Rivierenland (tweemaandelijks)');
  });
});

describe('the SES quota and pace', () => {
  it('sends nothing when the day\'s quota cannot take every address, Cc included', async () => {
    // Prepare: room for every To and all but one Cc.
    const w = await world();
    const { to, cc } = await addressesToMail(w);
    w.mailer.setQuota({ max24HourSend: 500, sentLast24Hours: 500 - (to + cc - 1) });
    // Act
    const run = runReport(final, w.run);
    // Assess
    await expect(run).rejects.toThrow(QuotaExceededError);
    await expect(run).rejects.toThrow(`de run heeft ${to + cc} verzendingen nodig, maar het SES-quotum voor 24 uur heeft er nog ${to + cc - 1}`);
    expect(w.mailer.sent).toEqual([]);
    expect(w.archive.keys().filter((k) => k.endsWith('.pdf'))).toEqual([]);
    expect(await w.runs.getRun('2026-09-final')).toMatchObject({ status: 'failed', counts: { sent: 0, skipped: 0, failed: 0 }, problems: [expect.stringContaining('SES-quotum')] });
  });

  it('sends when the quota has exactly enough left', async () => {
    const w = await world();
    const { to, cc } = await addressesToMail(w);
    w.mailer.setQuota({ max24HourSend: 500, sentLast24Hours: 500 - (to + cc) });
    expect((await runReport(final, w.run)).status).toBe('completed');
  });

  it('takes the configured daily quota over the account\'s when it is set', async () => {
    const w = await world();
    const { to, cc } = await addressesToMail(w);
    await expect(runReport(final, { ...w.run, dailySendQuota: to + cc - 1 })).rejects.toThrow(QuotaExceededError);
  });

  it('paces at the account\'s MaxSendRate when it is lower than configured', async () => {
    const w = await world({ quota: { maxSendRate: 2 }, maxPerSecond: 14 });
    await runReport(final, w.run);
    expect(w.mailer.perSecond).toBe(2);
  });
});

describe('a run that fails halfway, and its retry', () => {
  it('freezes what the report is made from before printing, so a retry days later sends the same report', async () => {
    // Prepare: the printer breaks on the first document.
    const w = await world({ at: '2026-11-02T07:00:00Z' });
    const broken = new Printer();
    broken.printPart = async () => {
      throw new Error('Chromium crashed');
    };
    await expect(runReport(final, { ...w.run, launchPrinter: async () => broken })).rejects.toThrow('Chromium crashed');
    // Act: the retry, two days later (the first attempt's lease has long run out).
    w.clock.set('2026-11-04T07:00:00Z');
    const retry = await runReport(final, w.run);
    // Assess
    expect(retry.status).toBe('completed');
    expect((await snapshotOf(w, '2026-09-final')).input.issuedOn).toBe('2026-11-02T07:00:00.000Z');
    expect(Buffer.from(await w.archive.get('runs/2026-09-final/tiel.html')).toString('utf8')).toContain('2 november 2026');
    expect(broken.closed).toBe(true);
  });

  it('does not send twice what an earlier attempt sent, and reuses its PDFs', async () => {
    const w = await world();
    w.mailer.failNext(new Error('Lambda timed out'));
    await expect(runReport(final, w.run)).rejects.toThrow('Lambda timed out');
    const pdfsBefore = new Map(await Promise.all(w.archive.keys().filter((k) => k.endsWith('.pdf')).map(async (k) => [k, await w.archive.get(k)] as const)));
    w.clock.set('2026-11-09T08:00:00Z');
    const retry = await runReport(final, w.run);
    expect(retry.deliveries.find((d) => d.municipality === 'Buren')?.status).toBe('sent');
    expect(retry.status).toBe('completed');
    expect(w.mailer.sent.filter((m) => header(m, 'To').includes('buren.example'))).toHaveLength(1);
    expect(w.printers).toHaveLength(1);
    for (const [key, pdf] of pdfsBefore) expect(await w.archive.get(key)).toEqual(pdf);
  });

  it('leaves a message whose send outcome is unknown alone on the retry, and says to check it', async () => {
    // Prepare
    const w = await world();
    w.mailer.failNext(new SendOutcomeUnknownError('verbinding verbroken na het verzenden'));
    const first = await runReport(final, w.run);
    // Act
    const retry = await runReport(final, w.run);
    // Assess
    expect(first.status).toBe('partial');
    expect(first.deliveries[0]).toMatchObject({ status: 'unknown', reason: 'verbinding verbroken na het verzenden' });
    expect((await w.runs.deliveries('2026-09-final')).filter((d) => d.status === 'unknown')).toHaveLength(1);
    expect(retry.deliveries.filter((d) => d.status === 'sent')).toEqual([]);
    expect(w.mailer.sent).toHaveLength(first.deliveries.length - 1);
    expect((await w.runs.getRun('2026-09-final'))?.counts).toEqual({ sent: 0, skipped: first.deliveries.length - 1, failed: 1 });
  });

  it('records a message SES refused as failed and mails the rest', async () => {
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected: adres geweigerd'));
    const summary = await runReport(final, w.run);
    expect(summary.status).toBe('partial');
    expect(summary.deliveries.map((d) => d.status).filter((s) => s !== 'sent')).toEqual(['failed']);
    expect(await w.runs.getRun('2026-09-final')).toMatchObject({ status: 'partial', problems: [`${summary.deliveries[0]?.municipality}: MessageRejected: adres geweigerd`] });
  });

  it('fails the run when no message could be sent', async () => {
    const w = await world();
    const { messages } = await addressesToMail(w);
    for (let i = 0; i < messages; i++) w.mailer.failNext(new SendRejectedError('MessageRejected'));
    expect((await runReport(final, w.run)).status).toBe('failed');
  });

  it('leaves a message another worker has claimed to that worker', async () => {
    // Prepare: another worker claimed Tiel's message a moment ago.
    const w = await world();
    await w.runs.claimDelivery({ runId: '2026-09-final', messageKey: 'Tiel#1', municipality: 'Tiel', to: [], cc: [], claimedAt: '2026-11-09T06:59:50.000Z' }, LEASE_MS);
    // Act
    const summary = await runReport(final, w.run);
    // Assess
    expect(summary.deliveries.find((d) => d.municipality === 'Tiel')?.status).toBe('in progress');
    expect(w.mailer.sent.some((m) => header(m, 'To').includes('tiel.example'))).toBe(false);
    expect(summary.status).toBe('partial');
    expect((await w.runs.getRun('2026-09-final'))?.counts).toEqual({ sent: summary.deliveries.length - 1, skipped: 1, failed: 0 });
  });

  it('does nothing while another worker holds the run, and says until when', async () => {
    const w = await world();
    await w.runs.acquireRun({ runId: '2026-09-final', period: '2026-09', kind: 'final', startedAt: '2026-11-09T06:59:30.000Z' }, new Date('2026-11-09T06:59:30.000Z'), LEASE_MS);
    await expect(runReport(final, w.run)).rejects.toThrow(RunInProgressError);
    expect(w.mailer.sent).toEqual([]);
  });

  it('says a completed run is not run again', async () => {
    const w = await world();
    await runReport(final, w.run);
    const again = await runReport(final, w.run);
    expect(again.notStarted).toMatch(/^run 2026-09-final is al afgerond \(voltooid, .*\); er is niets gedaan/);
    expect(again.deliveries).toEqual([]);
  });
});

describe('blocked addresses', () => {
  it('leaves a bounced address out with a warning and mails the rest of its municipality', async () => {
    const w = await world();
    await w.recipientStore.block({ email: 'beleid-1@tiel.example', reason: 'bounced', detail: '550 user unknown', since: '2026-10-01T00:00:00Z', runId: '2026-07-final' }, { actor: 'ses', at: '2026-10-01T00:00:00Z' });
    const summary = await runReport(final, w.run);
    // What the operator reads under the run (and in municipalities list, the same check).
    expect(printed(summary)).toContainEqual(expect.stringMatching(/^Waarschuwing: beleid-1@tiel\.example \(Tiel, beleidsmedewerker\) overgeslagen: onbestelbaar op /));
    expect(w.mailer.sent.some((m) => m.text.includes('beleid-1@tiel.example'))).toBe(false);
    expect(w.mailer.sent.some((m) => header(m, 'To').includes('ab-lid-1@tiel.example'))).toBe(true);
  });
});


describe('what a run reads back from an earlier attempt', () => {
  it('refuses a period without any figures, naming it', async () => {
    const w = await world();
    await expect(runReport({ period: parsePeriod('2023-01'), kind: 'final', allowIncomplete: true }, w.run)).rejects.toThrow('er zijn geen cijfers over januari–februari 2023 (2023-01); lees ze eerst in met rapportbode import');
    // A period not yet over says that first, whatever is missing.
    await expect(runReport({ period: parsePeriod('2027-01'), kind: 'final', allowIncomplete: true }, w.run)).rejects.toThrow('januari–februari 2027 (2027-01) is nog niet voorbij');
  });

  it('refuses to go on from a snapshot of an older version, and from one whose image is gone', async () => {
    const w = await world();
    await w.archive.put('runs/2026-09-final/snapshot.json', JSON.stringify({ runId: '2026-09-final' }), 'application/json');
    await expect(runReport(final, w.run)).rejects.toThrow('de momentopname van 2026-09-final is van een oudere versie van rapportbode; verstuur een nieuw concept');
    const { input } = await snapshotOf(w, (await runReport({ period, kind: 'concept' }, w.run)).runId);
    const withImage = { ...input, images: [{ id: 'a1b2c3d4', key: 'images/2026-09/a1b2c3d4.png' }] };
    await w.archive.put('runs/2026-09-final/snapshot.json', JSON.stringify({ input: withImage }), 'application/json');
    await expect(runReport(final, w.run)).rejects.toThrow('afbeelding a1b2c3d4 van 2026-09-final staat niet meer in het archief; verstuur een nieuw concept');
  });

  it('prints again only the documents an earlier attempt did not archive', async () => {
    const w = await world();
    w.mailer.failNext(new Error('Lambda timed out'));
    await expect(runReport(final, w.run)).rejects.toThrow('Lambda timed out');
    await w.archive.delete('runs/2026-09-final/tiel.pdf');
    w.clock.set('2026-11-09T08:00:00Z');
    const retry = await runReport(final, { ...w.run, printConcurrency: 1 });
    expect(retry.status).toBe('completed');
    expect(w.printers[1]?.printed).toEqual(['Tweemaandelijkse rapportage Werkzaak Rivierenland september–oktober 2026 – Tiel']);
  });

  it('tells a listener how long each phase took', async () => {
    const w = await world();
    const phases = new Map<string, number>();
    await runReport(final, { ...w.run, onPhase: (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms) });
    expect([...phases.keys()].sort()).toEqual(['archive', 'documents', 'load', 'model', 'pacing', 'render', 'send']);
    expect([...phases.values()].every((ms) => ms >= 0)).toBe(true);
  });

  it('records a mail too large for SES as failed, unclaimed and unsent', async () => {
    const w = await world();
    const compose = w.mailer.compose.bind(w.mailer);
    let first = true;
    w.mailer.compose = async (mail) => {
      if (first && mail.to.some((a) => a.includes('buren.example'))) {
        first = false;
        throw new MessageTooLargeError('de mail is groter dan SES aanneemt');
      }
      return compose(mail);
    };
    const summary = await runReport(final, w.run);
    expect(summary.deliveries.find((d) => d.municipality === 'Buren')).toMatchObject({ status: 'failed', reason: 'de mail is groter dan SES aanneemt' });
    expect((await w.runs.deliveries('2026-09-final')).some((d) => d.municipality === 'Buren')).toBe(false);
    expect(w.mailer.sent.some((m) => header(m, 'To').includes('buren.example'))).toBe(false);
  });
});

describe('a retry after a crash halfway through the sends', () => {
  it('counts only what is left against the quota, and completes with what the first attempt sent', async () => {
    // Prepare: the worker dies at the third message.
    const w = await world();
    const send = w.mailer.send.bind(w.mailer);
    let sends = 0;
    w.mailer.send = async (raw) => {
      if (++sends === 3) throw new Error('Lambda timed out');
      return send(raw);
    };
    await expect(runReport(final, w.run)).rejects.toThrow('Lambda timed out');
    const sent = (await w.runs.deliveries('2026-09-final')).filter((d) => d.status === 'sent');
    const { to, cc, messages } = await addressesToMail(w);
    const left = to + cc - sent.reduce((n, d) => n + d.to.length + d.cc.length, 0);
    w.mailer.setQuota({ max24HourSend: 500, sentLast24Hours: 500 - left });
    // Act
    w.clock.set('2026-11-09T08:00:00Z');
    const retry = await runReport(final, w.run);
    // Assess
    expect(sent).toHaveLength(2);
    expect(retry.status).toBe('completed');
    expect(retry.deliveries.map((d) => d.status).filter((s) => s === 'already sent')).toHaveLength(2);
    expect((await w.runs.getRun('2026-09-final'))?.counts).toEqual({ sent: messages - 2, skipped: 2, failed: 0 });
  });

  it('archives the snapshot as JSON beside the documents', async () => {
    const w = await world();
    await runReport(final, w.run);
    const bucket = w.data.bucket('archive');
    expect(bucket.get('runs/2026-09-final/snapshot.json')?.contentType).toBe('application/json');
    expect(bucket.get('runs/2026-09-final/tiel.pdf')?.contentType).toBe('application/pdf');
    expect(bucket.get('runs/2026-09-final/tiel.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(bucket.get('runs/2026-09-final/mail/Tiel_1.eml')?.contentType).toBe('message/rfc822');
  });

  it('names a municipality that cannot be mailed as a problem, and mails the others', async () => {
    const w = await world();
    for (const r of (await w.store.recipients()).filter((r) => r.municipality === 'Tiel' && r.role === 'ab-lid')) await w.recipientStore.remove(r, { actor: 'b', at: '2026-11-01T00:00:00Z' });
    const summary = await runReport(final, w.run);
    expect(summary.status).toBe('partial');
    expect(summary.problems).toEqual([expect.stringMatching(/^Tiel: geen AB-lid om de mail aan te richten \(Aan zou leeg zijn\)/)]);
    expect(printed(summary)).toContain(`Probleem: ${summary.problems[0]}`);
    expect((await w.runs.getRun('2026-09-final'))?.problems).toEqual(summary.problems);
  });

  it('calls a run that could mail no municipality at all partial, with every problem', async () => {
    const w = await world();
    for (const r of (await w.store.recipients()).filter((r) => r.role === 'ab-lid')) await w.recipientStore.remove(r, { actor: 'b', at: '2026-11-01T00:00:00Z' });
    const summary = await runReport(final, w.run);
    expect(summary).toMatchObject({ status: 'partial', deliveries: [] });
    expect(summary.problems).toHaveLength(7);
  });

  it('leaves a run another worker holds alone, saying so before it reads the figures or a snapshot being written', async () => {
    const w = await world();
    await w.runs.acquireRun({ runId: '2026-09-final', period: '2026-09', kind: 'final', startedAt: '2026-11-09T06:59:30.000Z' }, new Date('2026-11-09T06:59:30.000Z'), LEASE_MS);
    w.data.importValues.splice(w.data.importValues.findIndex((v) => (v.value as Figure).month === '2026-10'), 1);
    await expect(runReport(final, w.run)).rejects.toThrow(/^run 2026-09-final loopt al elders/);
    expect((await w.runs.getRun('2026-09-final'))?.status).toBe('running');
  });

  it('refuses to run before the organisation is set up, and a period of another rhythm by name', async () => {
    const empty = createInMemoryAdapters();
    await expect(runReport(final, { ...(await world()).run, store: empty.store })).rejects.toThrow('er is nog geen organisatie ingesteld');
    const w = await world({ config: { periodLength: 3 } });
    await expect(runReport(final, w.run)).rejects.toThrow('de periode 2026-09 past niet bij het ritme van Werkzaak Rivierenland (kwartaal)');
  });

  it('says until when another worker holds the run', async () => {
    const w = await world();
    await w.runs.acquireRun({ runId: '2026-09-final', period: '2026-09', kind: 'final', startedAt: '2026-11-09T06:59:30.000Z' }, new Date('2026-11-09T06:59:30.000Z'), LEASE_MS);
    await expect(runReport(final, w.run)).rejects.toThrow(/^run 2026-09-final loopt al elders \(tot uiterlijk .+\); er is niets gedaan — probeer het daarna opnieuw$/);
  });
});

describe('the mail and the PDF of a run', () => {
  it('attaches the PDF as application/pdf under the report\'s name for the municipality', async () => {
    const w = await world();
    await runReport(final, w.run);
    const tiel = w.mailer.sent.find((m) => header(m, 'To').includes('ab-lid-1@tiel.example'))!;
    expect(tiel.text).toMatch(/Content-Type: application\/pdf;\s+name=[^\n]*september-oktober-2026-tiel\.pdf/i);
    expect(header(tiel, 'Message-ID')).toBe('<2026-09-final.Tiel.1@rapportbode>');
    expect(messageIdFor('2026-09-final', 'resend', 'console: 12/11')).toBe('<2026-09-final.resend.console.12.11@rapportbode>');
  });

  it('holds none of the printed PDFs while it mails: each is read back from the archive', async () => {
    // Prepare: note every PDF the printer hands the run, without holding it.
    const w = await world();
    const handed: WeakRef<Uint8Array>[] = [];
    const launchPrinter = async () => {
      const printer = await w.launchPrinter();
      const printPart = printer.printPart.bind(printer);
      printer.printPart = async (shell, part) => {
        const pdf = await printPart(shell, part);
        handed.push(new WeakRef(pdf));
        return pdf;
      };
      return printer;
    };
    const send = w.mailer.send.bind(w.mailer);
    let heldAtFirstSend: number | undefined;
    w.mailer.send = async (raw) => {
      if (heldAtFirstSend === undefined) {
        // A later task than the prints: the WeakRefs no longer keep their PDFs alive.
        await new Promise((resolve) => setImmediate(resolve));
        collectGarbage();
        heldAtFirstSend = handed.filter((ref) => ref.deref() !== undefined).length;
      }
      return send(raw);
    };
    // Act
    const summary = await runReport(final, { ...w.run, launchPrinter });
    // Assess
    expect(handed).toHaveLength(summary.deliveries.length);
    expect(heldAtFirstSend).toBe(0);
    const tiel = summary.deliveries.find((d) => d.municipality === 'Tiel')!;
    expect(tiel.pdfBytes).toBe((await w.archive.get(tiel.pdfKey)).length);
  });

  it('stops, naming the municipality and claiming nothing for it, when its archived PDF is gone before its mail', async () => {
    // Prepare: Tiel's PDF disappears from the archive as soon as it is written.
    const w = await world();
    const put = w.archive.put.bind(w.archive);
    w.archive.put = async (key, body, contentType) => {
      await put(key, body, contentType);
      if (key === 'runs/2026-09-final/tiel.pdf') await w.archive.delete(key);
    };
    // Act
    const run = runReport(final, w.run);
    // Assess
    await expect(run).rejects.toThrow('het rapport van Tiel staat niet meer in het archief (runs/2026-09-final/tiel.pdf); voer de run opnieuw uit');
    expect((await w.runs.deliveries('2026-09-final')).filter((d) => d.municipality === 'Tiel')).toEqual([]);
    expect(w.mailer.sent.some((m) => header(m, 'To').includes('tiel.example'))).toBe(false);
  });

  it('starts Chromium on a first attempt before it reads the figures, so the launch overlaps the reads', async () => {
    // Prepare
    const w = await world();
    const events: string[] = [];
    const figures = w.run.store.figures.bind(w.run.store);
    w.run.store.figures = (months) => (events.push('figures read'), figures(months));
    const launchPrinter = () => (events.push('Chromium started'), w.launchPrinter());
    // Act
    await runReport(final, { ...w.run, launchPrinter });
    // Assess
    expect(events).toEqual(['Chromium started', 'figures read']);
    expect(w.printers.map((p) => p.closed)).toEqual([true]);
  });

  it('closes the Chromium it started when the run stops before printing', async () => {
    // Prepare: figures missing, so the run is refused after its start.
    const w = await world();
    const index = w.data.importValues.findIndex((v) => (v.value as Figure).municipality === 'Tiel' && (v.value as Figure).month === '2026-10');
    w.data.importValues.splice(index, 1);
    // Act
    await expect(runReport(final, w.run)).rejects.toThrow(FiguresIncompleteError);
    // Assess
    expect(w.printers.map((p) => p.printed.length)).toEqual([0]);
    expect(w.printers.every((p) => p.closed)).toBe(true);
  });

  it('stops the run on a fault of its own while composing, rather than calling the mail failed', async () => {
    const w = await world();
    w.mailer.compose = async () => {
      throw new TypeError('Cannot read properties of undefined');
    };
    await expect(runReport(final, w.run)).rejects.toThrow(TypeError);
  });

  it('counts the pages of a PDF as Chromium and the finishing step write them', () => {
    const pdf = [
      '%PDF-1.7',
      '3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj',
      '4 0 obj<</Type/Page/Parent 2 0 R>>endobj',
      '13 0 obj  <<  /Type  /Page >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 13 0 R] /Count 3 >> endobj',
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /Annots [] >>\nendobj',
    ].join('\n');
    expect(countPdfPages(new TextEncoder().encode(pdf))).toBe(3);
    expect(countPdfPages(new TextEncoder().encode('%PDF-1.7\n2 0 obj << /Type /Pages >> endobj'))).toBe(0);
  });
});
