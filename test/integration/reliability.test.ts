import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { parsePeriod } from '../../functions/core/periods';
import { seededRandom } from '../../functions/local/sample-data';
import { loadDemo } from '../support/organisation';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { type StoredMail, type TestStack, clearSesStore, freshEnv, runCli, scanTable, sesStore, startCli, startTestStack } from '../support/test-stack';

/**
 * The fault tests run the quarterly example (examples/): four municipalities, so each run prints four
 * PDFs instead of the demo's eight; what they test (every mail once, whatever fails) does not depend
 * on how many there are, as long as a run is killed with mails both sent and still to go.
 */
const QUARTERLY_FILE = path.resolve(import.meta.dirname, '../../examples/sociaal-domein-bel-huizen/organisatie.yaml');
const QUARTERLY = parseOrganisationFile(readFileSync(QUARTERLY_FILE, 'utf8'), QUARTERLY_FILE);
const MUNICIPALITIES_MAILED = QUARTERLY.municipalities.filter((m) => !m.optedOut).length;
/** The demo's reviewers (GBO secretariat, team Beleid): each gets every municipality's concept. */
const REVIEWERS = 2;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PERIOD = ['--period', '2026-07'];
/** `demo` for the quarterly example. */
const DEMO = (dir: string) => ['demo', '--organisatie', QUARTERLY_FILE, ...PERIOD, '--dir', dir];

/** How many times each subject arrived in the SES emulator. */
function countBySubject(mails: readonly StoredMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m.subject, (counts.get(m.subject) ?? 0) + 1);
  return counts;
}

/** A concept goes one mail per person per municipality: counted by subject and addressee. */
function countByReader(mails: readonly StoredMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(`${m.subject} → ${m.destination.to.join()}`, (counts.get(`${m.subject} → ${m.destination.to.join()}`) ?? 0) + 1);
  return counts;
}

async function deliveries(tableName: string) {
  return (await scanTable(tableName)).filter((i) => String(i.sk).startsWith('DELIVERY#'));
}

describe('every participating recipient gets each final report exactly once', () => {
  let stack: TestStack;
  let proxy: FaultProxy | undefined;

  beforeAll(async () => {
    stack = await startTestStack('rb-rel');
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await clearSesStore(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Waits for the n-th send to reach the proxy; a CLI that ends before it fails the test with what it said (instead of a timeout). */
  async function untilSend(cli: ReturnType<typeof startCli>, n: number): Promise<void> {
    const ended = await Promise.race([proxy?.waitForSend(n).then(() => undefined), cli.result]);
    expect(ended, `the CLI ended before send ${n}: ${ended?.stderr ?? ''}${ended?.stdout ?? ''}`).toBeUndefined();
  }

  /** Points the CLI's SES endpoint at a fault proxy in front of the emulator. */
  async function throughProxy(env: NodeJS.ProcessEnv, plan: Parameters<typeof startFaultProxy>[1]): Promise<NodeJS.ProcessEnv> {
    proxy = await startFaultProxy(stack.endpoints.ses, plan);
    return { ...env, AWS_ENDPOINT_URL_SES: proxy.endpoint, MAX_SEND_RATE: '20' };
  }

  it('delivers every mail once when SES throttles 30% of the sends', async () => {
    // Prepare
    const { env, tableName } = await freshEnv(stack);
    const random = seededRandom('throttle-30');
    const cliEnv = await throughProxy(env, () => (random() < 0.3 ? 'throttle' : 'pass'));
    // Act
    const result = await runCli(DEMO(`${stack.dir}/w-throttle`), cliEnv);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(proxy?.log.filter((l) => l.fault === 'throttle').length).toBeGreaterThan(0);
    const counts = countBySubject(await sesStore(stack));
    expect(counts.size).toBe(MUNICIPALITIES_MAILED);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await deliveries(tableName)).every((d) => d.status === 'sent')).toBe(true);
  });

  it('does not send twice when SES accepted a mail but its answer was lost, not even on a retry of the run', async () => {
    // Prepare: the second send reaches SES, but the client sees a 500.
    const { env, tableName } = await freshEnv(stack);
    const cliEnv = await throughProxy(env, (i) => (i === 2 ? 'error-after-forward' : 'pass'));
    // Act: the run, then the same run again (as a scheduler retry would)
    const first = await runCli(DEMO(`${stack.dir}/w-lost`), cliEnv);
    const again = await runCli(['run', ...PERIOD], cliEnv);
    // Assess
    expect(first.code).toBe(1); // partial: one delivery's outcome is unknown
    expect(first.stdout).toContain('gedeeltelijk');
    expect(again.code).toBe(1); // still partial: nobody may resend it blindly
    expect(again.stdout).toMatch(/onbekend/);
    const counts = countBySubject(await sesStore(stack));
    expect(counts.size).toBe(MUNICIPALITIES_MAILED);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const ledger = await deliveries(tableName);
    expect(ledger.filter((d) => d.status === 'unknown')).toHaveLength(1);
    expect(ledger.filter((d) => d.status === 'sent')).toHaveLength(MUNICIPALITIES_MAILED - 1);
  });

  it('sends each message once when two runs for the same period start at the same time', async () => {
    // Prepare
    const { env } = await freshEnv(stack);
    const cliEnv = { ...env, MAX_SEND_RATE: '10' };
    // Act
    // Each in a process of its own: in-process calls take turns, and these two must run at once.
    const [a, b] = await Promise.all([
      runCli(DEMO(`${stack.dir}/w-a`), cliEnv, { process: true }),
      runCli(DEMO(`${stack.dir}/w-b`), cliEnv, { process: true }),
    ]);
    // Assess
    // One did the run; the other found it running (an error, so a scheduler retries later) or finished.
    const [winner, other] = a.stdout.includes('Run 2026-07-final (') ? [a, b] : [b, a];
    expect(winner.code, winner.stderr).toBe(0);
    expect(winner.stdout).toContain('Run 2026-07-final (juli–september 2026): voltooid');
    expect(`${other.stdout}${other.stderr}`).toMatch(/loopt al elders|is al afgerond/);
    const counts = countBySubject(await sesStore(stack));
    expect(counts.size).toBe(MUNICIPALITIES_MAILED);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('completes a run killed with SIGKILL mid-send without sending anything twice, and archives the very PDFs the first attempt attached', async () => {
    // Prepare: the third send is held in the proxy (not forwarded) while the CLI is killed.
    const { env, tableName } = await freshEnv(stack);
    const cliEnv = { ...(await throughProxy(env, (i) => (i === 3 ? 'hold' : 'pass'))), LEASE_SECONDS: '2' };
    const cli = startCli(DEMO(`${stack.dir}/w-kill`), cliEnv);
    await untilSend(cli, 3);
    // Act: kill it, wait for its lease to run out, run again (later than the first attempt printed: a print carries its time)
    cli.child.kill('SIGKILL');
    const killed = await cli.result;
    expect(killed.signal).toBe('SIGKILL');
    expect((await sesStore(stack)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 2_500));
    const resumed = await runCli(['run', ...PERIOD], cliEnv);
    const audit = await runCli(['deliveries', '2026-07-final', '--csv'], cliEnv);
    // Assess
    expect(resumed.code, resumed.stderr).toBe(0);
    const counts = countBySubject(await sesStore(stack));
    expect(counts.size).toBe(MUNICIPALITIES_MAILED);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const ledger = await deliveries(tableName);
    expect(ledger.filter((d) => d.status === 'sent')).toHaveLength(MUNICIPALITIES_MAILED);
    // `runs` counts from the ledger over both attempts and keeps the first start.
    const [run] = JSON.parse((await runCli(['runs', '--json'], cliEnv)).stdout) as { attempts: number; startedAt: string; lastStartedAt: string; status: string; ledgerCounts: { sent: number } }[];
    expect(run).toMatchObject({ attempts: 2, status: 'completed', ledgerCounts: { sent: MUNICIPALITIES_MAILED } });
    expect(run && run.startedAt < run.lastStartedAt).toBe(true);
    // Per address, the sha256 the audit gives for the archived PDF is that of the attachment it got, the first attempt's mails included.
    expect(audit.code, audit.stderr).toBe(0);
    const [header = [], ...rows] = audit.stdout.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((line) => line.split(';'));
    const [sha, sesId] = [header.indexOf('pdf_sha256'), header.indexOf('ses_message_id')];
    for (const mail of await sesStore(stack)) {
      const attached = Buffer.from(mail.attachments.find((a) => a.contentType === 'application/pdf')?.content ?? '', 'base64');
      const audited = rows.filter((r) => r[sesId] === mail.messageId).map((r) => r[sha]);
      expect(audited.length, `audit rows of ${mail.subject}`).toBeGreaterThan(0);
      expect(new Set(audited), mail.subject).toEqual(new Set([sha256(attached)]));
    }
  });

  it('sends each concept mail and then each final mail once when a concept and a release are killed mid-send', async () => {
    // Prepare: the organisation and its data in force, no run yet; the third send of each attempt is held.
    const { env, tableName } = await freshEnv(stack);
    await loadDemo(tableName, parsePeriod('2026-07', 3), QUARTERLY);
    const killAtThirdSend = async (args: string[]) => {
      const cliEnv = { ...(await throughProxy(env, (i) => (i === 3 ? 'hold' : 'pass'))), LEASE_SECONDS: '2' };
      const cli = startCli(args, cliEnv);
      await untilSend(cli, 3);
      cli.child.kill('SIGKILL');
      expect((await cli.result).signal).toBe('SIGKILL');
      await proxy?.close();
      proxy = undefined;
      await new Promise((r) => setTimeout(r, 2_500));
      return { ...env, LEASE_SECONDS: '2' };
    };

    // Act: a concept killed and run again — it continues as the same concept
    const conceptEnv = await killAtThirdSend(['run', ...PERIOD, '--concept']);
    expect((await sesStore(stack)).length).toBe(2);
    const concept = await runCli(['run', ...PERIOD, '--concept'], conceptEnv);
    expect(concept.code, concept.stderr).toBe(0);
    expect(concept.stdout).toContain('2026-07-concept-1');
    const conceptMails = countByReader(await sesStore(stack));
    expect(conceptMails.size).toBe(MUNICIPALITIES_MAILED * REVIEWERS);
    expect([...conceptMails.values()].every((n) => n === 1)).toBe(true);
    await clearSesStore(stack);

    // Act: its release killed and released again — the final continues from the frozen concept
    // (The concept went out a moment ago, so the release skips its review: with a reason.)
    const early = ['--voor-einde-review', '--reden', 'test van een onderbroken vrijgave'];
    const releaseEnv = await killAtThirdSend(['release', '2026-07-concept-1', '--door', 'tester', ...early]);
    expect((await sesStore(stack)).length).toBe(2);
    const release = await runCli(['release', '2026-07-concept-1', '--door', 'tester', ...early], releaseEnv);
    // Assess: one mail per municipality, and once the final is complete one notice to the beheerders about the skipped review.
    expect(release.code, release.stderr).toBe(0);
    const stored = await sesStore(stack);
    const notices = stored.filter((m) => m.subject.includes('vrijgegeven vóór het einde van de review'));
    expect(notices).toHaveLength(1);
    // The skipped review as the operator sees it: told, the reason in the notice and in the audit trail.
    expect(release.stdout).toContain('Vrijgegeven vóór het einde van de review');
    expect(notices[0]?.body.text).toContain('Reden: test van een onderbroken vrijgave');
    const history = JSON.parse((await runCli(['recipients', 'history', '--json'], releaseEnv)).stdout) as { action: string; actor: string; runId?: string; reason?: string }[];
    expect(history.filter((e) => e.action === 'run released before review end')).toEqual([expect.objectContaining({ actor: 'tester', runId: '2026-07-final', reason: 'test van een onderbroken vrijgave' })]);
    const finalMails = countBySubject(stored.filter((m) => !m.subject.includes('vrijgegeven vóór het einde van de review')));
    expect(finalMails.size).toBe(MUNICIPALITIES_MAILED);
    expect([...finalMails.values()].every((n) => n === 1)).toBe(true);
    expect([...finalMails.keys()].some((s) => s.includes('CONCEPT'))).toBe(false);
    const ledger = await deliveries(tableName);
    expect(ledger.filter((d) => String(d.pk).endsWith('-final') && d.status === 'sent')).toHaveLength(MUNICIPALITIES_MAILED);
    // Five CLI processes and two lease waits: on two busy cores this takes minutes, not seconds.
  }, 300_000);
});

describe('the SES daily quota', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // An account that may send 5 more mails today; the demo needs more than that.
    process.env.AWS_SES_ACCOUNT = JSON.stringify({
      DedicatedIpAutoWarmupEnabled: false,
      Details: { AdditionalContactEmailAddresses: [], ContactLanguage: 'EN', MailType: 'TRANSACTIONAL', ReviewDetails: { CaseId: 'q', Status: 'GRANTED' }, UseCaseDescription: 'quota test', WebsiteURL: 'https://rapportbode.example' },
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: true,
      SendingEnabled: true,
      SendQuota: { Max24HourSend: 200, MaxSendRate: 14, SentLast24Hours: 195 },
      SuppressionAttributes: { SuppressedReasons: [] },
    });
    // Its own emulators: the SES emulator reads the account from its environment when it starts.
    stack = await startTestStack('rb-quota', { own: true });
    delete process.env.AWS_SES_ACCOUNT;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stops a run that would exceed it before sending anything, and says so', async () => {
    const result = await runCli(DEMO(`${stack.dir}/w`), stack.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SES-quotum voor 24 uur heeft er nog 5/);
    expect(await sesStore(stack)).toHaveLength(0);
    expect(await deliveries(stack.names.tableName)).toHaveLength(0);
    const run = (await scanTable(stack.names.tableName)).find((i) => i.sk === 'RUN');
    expect(run?.status).toBe('failed');
  });
});
