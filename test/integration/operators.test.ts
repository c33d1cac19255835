import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStore, archiveKeys } from '../../functions/adapters/s3-archive';
import { slug } from '../../functions/core/slug';
import { reviewEndFor, reviewLeftNl } from '../../functions/core/review';
import { amsterdamDay } from '../../functions/core/workdays';
import { sampleRecipients } from '../../functions/local/sample-data';
import { coldStart, lambdaContext } from '../support/lambda-context';
import { testOrganisation } from '../support/organisation';
import { type StoredMail, type TestStack, addresses, clearSesStore, pdfText, runCli, scanTable, sesStore, startTestStack } from '../support/test-stack';

/** What `demo` applies and loads: the demo file and the recipients generated for it. */
const demo = testOrganisation();
const recipients = sampleRecipients(demo);
const reviewers = recipients.filter((r) => r.role === 'reviewer').map((r) => r.email).sort();
const own = (municipality: string) => recipients.filter((r) => r.municipality === municipality);
const abLeden = (municipality: string) => own(municipality).filter((r) => r.role === 'ab-lid');
const participating = demo.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
// One municipality with two AB-leden (one bounces, the other still gets the mail) and one with a single AB-lid.
const twoAbLeden = participating.find((m) => abLeden(m).length === 2) as string;
const oneAbLid = participating.find((m) => abLeden(m).length === 1) as string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The operators' commands against the real emulators, run as an operator runs them. One stack
 * and one demo organisation for the file: the demo's final run of 2026-09 (beforeAll) is re-sent
 * and bounced, 2026-07 is the "next run", 2026-05 is conceived, reviewed and released (its own
 * describe). Each test needs only what a beforeAll made, so any one runs alone (-t); a test that
 * changes the recipients puts them back.
 */
describe("operators' commands: recipients, re-send, bounces, concept and release", () => {
  let stack: TestStack;
  let archive: ArchiveStore;
  const cli = (...args: string[]) => runCli([...args], { ...stack.env, USER: 'tester' });

  beforeAll(async () => {
    stack = await startTestStack('rb-ops');
    archive = new ArchiveStore(stack.names.archiveBucket);
    const demo = await runCli(['demo', '--period', '2026-09', '--dir', path.join(stack.dir, 'work')], stack.env);
    expect(demo.code, demo.stderr).toBe(0);
    await clearSesStore(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('adds, refuses a duplicate, exports, imports and removes recipients, recording who did what', async () => {
    // Act
    const add = await cli('recipients', 'add', '--gemeente', 'tiel', '--rol', 'beleidsmedewerker', '--naam', 'Nieuwe Collega', '--email', 'Nieuw@Tiel.example', '--door', 'j.jansen');
    const duplicate = await cli('recipients', 'add', '--gemeente', 'Tiel', '--rol', 'ab-lid', '--naam', 'Nog een', '--email', 'nieuw@tiel.example');
    const list = JSON.parse((await cli('recipients', 'list', '--gemeente', 'Tiel', '--json')).stdout) as { email: string; role: string }[];
    const file = path.join(stack.dir, 'recipients.csv');
    const exported = await cli('recipients', 'export', file);
    const reimported = await cli('recipients', 'import', file);
    const removed = await cli('recipients', 'remove', '--email', 'nieuw@tiel.example');
    const history = JSON.parse((await cli('recipients', 'history', '--email', 'nieuw@tiel.example', '--json')).stdout) as { actor: string; action: string }[];
    // Assess
    expect(add.code, add.stderr).toBe(0);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('nieuw@tiel.example staat al op de lijst voor Tiel');
    expect(list).toContainEqual(expect.objectContaining({ email: 'nieuw@tiel.example', role: 'beleidsmedewerker' }));
    expect(exported.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Tiel;beleidsmedewerker;Nieuwe Collega;nieuw@tiel.example');
    expect(reimported.stdout).toContain('0 toegevoegd, 0 gewijzigd, 0 verwijderd');
    expect(removed.code, removed.stderr).toBe(0);
    expect(history.map((h) => [h.actor, h.action])).toEqual([
      ['j.jansen', 'recipient added'],
      ['tester', 'recipient removed'],
    ]);
  });

  it("re-sends the archived PDF byte for byte, to one municipality's recipients only", async () => {
    // Prepare: only this test's mails in the store, whatever ran before it.
    await clearSesStore(stack);
    // Act
    const resend = await cli('resend', '2026-09-final', '--gemeente', 'Tiel');
    const mails = await sesStore(stack);
    // Assess
    expect(resend.code, resend.stderr).toBe(0);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(addresses(mail?.destination.to ?? [])).toEqual(abLeden('Tiel').map((r) => r.email).sort());
    expect(addresses(mail?.destination.cc ?? [])).toEqual(own('Tiel').filter((r) => r.role === 'beleidsmedewerker').map((r) => r.email).sort());
    const attached = Buffer.from(mail?.attachments.find((a) => a.contentType === 'application/pdf')?.content ?? '', 'base64');
    expect(sha256(attached)).toBe(sha256(await archive.get('runs/2026-09-final/tiel.pdf')));
    const resends = (await scanTable(stack.names.tableName)).filter((i) => i.pk === 'RUN#2026-09-final' && String(i.sk).startsWith('RESEND#'));
    expect(resends).toEqual([expect.objectContaining({ status: 'sent', municipality: 'Tiel', resendOf: 'Tiel#1', requestedBy: 'tester', sesMessageId: mail?.messageId })]);
  });

  it('sends an address off the list only with --to and --gemeente, and logs it as such', async () => {
    // Prepare
    await clearSesStore(stack);
    // Act
    const refused = await cli('resend', '2026-09-final', '--to', 'griffie@elders.example');
    const sent = await cli('resend', '2026-09-final', '--to', 'griffie@elders.example', '--gemeente', 'Tiel');
    const mails = await sesStore(stack);
    const csv = (await cli('deliveries', '2026-09-final', '--csv')).stdout;
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('staat niet op de ontvangerslijst');
    expect(sent.code, sent.stderr).toBe(0);
    expect(mails.map((m) => addresses([...m.destination.to, ...m.destination.cc]))).toEqual([['griffie@elders.example']]);
    const tielHash = sha256(await archive.get('runs/2026-09-final/tiel.pdf'));
    const row = csv.split('\r\n').find((l) => l.includes('griffie@elders.example'));
    expect(row?.split(';')).toEqual(['2026-09-final', '2026-09', 'final', 'opnieuw', 'Tiel', tielHash, 'griffie@elders.example', 'extern', expect.any(String), 'sent', '', mails[0]?.messageId, 'tester']);
    expect(csv.startsWith('\uFEFFrun;periode;soort;verzending;gemeente;pdf_sha256;adres;rol;verzonden_op;status')).toBe(true);
    expect(csv.split('\r\n').filter((l) => l.includes(';origineel;Tiel;')).every((l) => l.includes(tielHash))).toBe(true);
  });

  it('marks a hard-bounced address from the SES event, and names it and a municipality without To as what the next run skips', async () => {
    // Prepare: the bounce as SES publishes it through SNS, for the first AB-lid of a municipality with two.
    const bounced = abLeden(twoAbLeden)[0]?.email as string;
    const ledger = (await scanTable(stack.names.tableName)).filter((i) => i.pk === 'RUN#2026-09-final' && i.sk === `DELIVERY#${twoAbLeden}#1`);
    const sesMessageId = String(ledger[0]?.sesMessageId);
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            Type: 'Notification',
            MessageId: 'f1c3e0a2-0000-4000-8000-000000000001',
            Message: JSON.stringify({
              eventType: 'Bounce',
              bounce: {
                bounceType: 'Permanent',
                bounceSubType: 'General',
                bouncedRecipients: [{ emailAddress: bounced, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
                timestamp: '2026-11-01T07:01:00.000Z',
                feedbackId: '0100-example',
                reportingMTA: 'dsn; mx.example',
              },
              mail: { timestamp: '2026-11-01T07:00:00.000Z', source: 'rapportage@werkzaak.example', messageId: sesMessageId, destination: [bounced] },
            }),
          },
        },
      ],
    };
    for (const r of abLeden(oneAbLid)) await cli('recipients', 'remove', '--email', r.email, '--gemeente', oneAbLid);
    // Act: the Lambda handler itself, then what the operator sees before the next run.
    // (That a run skips what this check names, with these words, is tested on the use case: test/usecases/run-report.test.ts, "blocked addresses".)
    process.env.TABLE_NAME = stack.names.tableName;
    coldStart();
    const { handler } = await import('../../functions/handlers/delivery-events');
    const result = await handler(event, lambdaContext('delivery-events'));
    const deliveries = JSON.parse((await cli('deliveries', '2026-09-final', '--json')).stdout) as { municipality: string; send: string; recipients: { email: string; status: string }[] }[];
    const check = await cli('municipalities', 'list');
    // Assess
    expect(result).toEqual({ recorded: 1, ignored: 0, unknownMessage: 0, blocked: 1 });
    const original = deliveries.find((d) => d.municipality === twoAbLeden && d.send === 'origineel');
    expect(original?.recipients.find((r) => r.email === bounced)?.status).toBe('bounced');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain(`Waarschuwing: ${bounced} (${twoAbLeden}, ab-lid) overgeslagen: onbestelbaar`);
    expect(check.stdout).toMatch(new RegExp(`${oneAbLid} .*geen AB-lid om de mail aan te richten`));

    // Clean up for the tests below: the address cleared, the AB-lid back.
    const cleared = await cli('recipients', 'clear-bounce', '--email', bounced);
    expect(cleared.code, cleared.stderr).toBe(0);
    for (const r of abLeden(oneAbLid)) await cli('recipients', 'add', '--gemeente', oneAbLid, '--rol', 'ab-lid', '--naam', r.name, '--email', r.email);
    const after = await cli('municipalities', 'list');
    expect(after.stdout).not.toContain('geen AB-lid');
    expect(after.stdout).not.toContain('overgeslagen');
  });

  // The release needs the concept: both in one describe whose beforeAll makes it, so each test runs alone (-t).
  // A release that goes through (finals printed again) is cycle's journey; before the review's end with a
  // reason is reliability's killed release; the rules behind them are use-case tests (release, review).
  describe('a concept of 2026-05 and its release', () => {
    let concept: Awaited<ReturnType<typeof runCli>>;
    let mails: StoredMail[];
    // One municipality has its own GBO-lid: it reviews that municipality's concept only.
    const gboMunicipality = participating[1] as string;
    const gboLid = `gbo@${gboMunicipality.toLowerCase().replace(/\W+/g, '-')}.example`;

    beforeAll(async () => {
      // Prepare
      await clearSesStore(stack);
      const added = await cli('recipients', 'add', '--gemeente', gboMunicipality, '--rol', 'GBO-lid', '--naam', 'A. Gbo', '--email', gboLid);
      expect(added.code, added.stderr).toBe(0);
      // Act
      concept = await cli('run', '--period', '2026-05', '--concept');
      mails = await sesStore(stack);
    });

    it('sends a concept only to the reviewers and a municipality its own GBO-lid, one mail per person per municipality with their own answer link, marked CONCEPT', async () => {
      // Assess
      expect(concept.code, concept.stderr).toBe(0);
      expect(concept.stdout).toContain('Run 2026-05-concept-1');
      expect(mails).toHaveLength(reviewers.length * participating.length + 1);
      for (const reviewer of reviewers) {
        const own = mails.filter((m) => addresses(m.destination.to).join() === reviewer);
        expect(own.map((m) => participating.find((p) => m.subject.includes(` – ${p} – `))).sort()).toEqual([...participating].sort());
      }
      const links = new Set<string>();
      for (const mail of mails) {
        expect(addresses(mail.destination.to)).toHaveLength(1);
        expect(mail.destination.cc).toEqual([]);
        expect(mail.subject).toMatch(/^CONCEPT – /);
        links.add(/\/antwoord\/([A-Za-z0-9._~-]+)/.exec(mail.body.text ?? '')?.[1] ?? '(geen link)');
      }
      expect(links.size).toBe(mails.length);
      expect(links.has('(geen link)')).toBe(false);
      const [toGbo, ...more] = mails.filter((m) => addresses(m.destination.to).includes(gboLid));
      expect(more).toEqual([]);
      const gboPdfs = toGbo?.attachments.filter((a) => a.contentType === 'application/pdf') ?? [];
      expect(gboPdfs).toHaveLength(1);
      // Byte for byte the concept PDF archived for its municipality, marked CONCEPT.
      const gboPdf = Buffer.from(gboPdfs[0]?.content ?? '', 'base64');
      expect(sha256(gboPdf)).toBe(sha256(await archive.get(archiveKeys.pdf('2026-05-concept-1', slug(gboMunicipality)))));
      expect((await pdfText(gboPdf)).text).toContain('CONCEPT');
      const pdf = Buffer.from(mails[0]?.attachments.find((a) => a.contentType === 'application/pdf')?.content ?? '', 'base64');
      expect((await pdfText(pdf)).text).toContain('CONCEPT');

      // A concept ("niet verspreiden") is re-sent to reviewers only, never to an address off that list.
      await clearSesStore(stack);
      const [municipality] = participating;
      const outside = await cli('resend', '2026-05-concept-1', '--to', 'pers@krant.example', '--gemeente', municipality as string);
      expect(outside.code).toBe(1);
      expect(outside.stderr).toContain('is een concept (niet verspreiden) en gaat alleen naar reviewers');
      const toReviewer = await cli('resend', '2026-05-concept-1', '--to', reviewers[0] as string, '--gemeente', municipality as string);
      expect(toReviewer.code, toReviewer.stderr).toBe(0);
      expect((await sesStore(stack)).map((m) => addresses(m.destination.to))).toEqual([[reviewers[0]]]);
    });

    it('refuses, during the review, a final by hand without --concept and a release, naming what to do, and sends nothing', async () => {
      // Prepare: 2026-05-concept-1 was sent today; its review runs its working days from today.
      await clearSesStore(stack);
      const today = amsterdamDay(new Date());
      // Act
      const final = await cli('run', '--period', '2026-05');
      const release = await cli('release', '2026-05-concept-1');
      // Assess
      expect(final.code).toBe(1);
      expect(final.stderr).toContain('er is nog geen concept van 2026-05 gereviewd; er is niets verzonden');
      expect(final.stderr).toContain('rapportbode run --periode 2026-05 --concept');
      expect(final.stderr).toContain('--zonder-concept --reden TEKST');
      expect(release.code).toBe(1);
      expect(release.stderr).toContain(`2026-05-concept-1 is nog in review: ${reviewLeftNl(today, reviewEndFor(today, demo.calendar.reviewWorkdays))}; nog geen akkoord van `);
      expect(release.stderr).toContain(`${gboMunicipality} (geen reactie van: A. Gbo)`);
      expect(release.stderr).toContain('; er is niets verzonden');
      expect(release.stderr).toContain('--voor-einde-review --reden TEKST');
      expect(await sesStore(stack)).toEqual([]);
      const runs = JSON.parse((await cli('runs', '--json')).stdout) as { runId: string }[];
      expect(runs.map((r) => r.runId)).not.toContain('2026-05-final');
    });
  });
});
