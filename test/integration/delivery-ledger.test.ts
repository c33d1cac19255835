import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../functions/adapters/run-store';
import { ArchiveStore } from '../../functions/adapters/s3-archive';
import { type StoredMail, type TestStack, addresses, runCli, sesStore, startTestStack } from '../support/test-stack';
import { coldStart, lambdaContext } from '../support/lambda-context';

const RUN = '2026-09-final';

interface ListedRecipient {
  readonly email: string;
  readonly role: string;
  readonly municipality: string | null;
}

interface MessageRow {
  readonly municipality: string;
  readonly send: 'origineel' | 'opnieuw';
  readonly sesMessageId?: string;
}

/** A hard bounce of `email` as SES publishes it through SNS, about the mail SES knows as `sesMessageId`. */
function bounceEvent(email: string, sesMessageId: string) {
  const message = {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      timestamp: '2026-11-01T07:01:00.000Z',
      feedbackId: `0100-${email}`,
      reportingMTA: 'dsn; mx.example',
    },
    mail: { timestamp: '2026-11-01T07:00:00.000Z', source: 'rapportage@werkzaak.example', messageId: sesMessageId, destination: [email] },
  };
  return { Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: `bounce-${email}`, Message: JSON.stringify(message) } }] };
}

/**
 * The delivery ledger against the real emulators: re-sends that must not repeat or reach a
 * blocked address, message claims, and a completed run that stays as it was. One demo mailing
 * for the file; each test uses its own municipality, request or run, so their order does not matter.
 */
describe('the delivery ledger: each report once, to the addresses that may have it', () => {
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;
  let recipients: ListedRecipient[];
  let municipalities: string[];
  const cli = (...args: string[]) => runCli(args, env);

  /** What `act` returned, and the mails the SES emulator received while it ran. */
  async function mailsDuring<T>(act: () => Promise<T>): Promise<{ result: T; mails: StoredMail[] }> {
    const before = (await sesStore(stack)).length;
    const result = await act();
    return { result, mails: (await sesStore(stack)).slice(before) };
  }

  const abLeden = (municipality: string) => recipients.filter((r) => r.municipality === municipality && r.role === 'ab-lid').map((r) => r.email);

  beforeAll(async () => {
    stack = await startTestStack('rb-ledger');
    env = { ...stack.env, MAX_SEND_RATE: '20', USER: 'tester' };
    // The Lambda handlers read their configuration when they are loaded, from this process.
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      ORGANISATION_NAME: 'Werkzaak Rivierenland',
      MAIL_FROM: '"Werkzaak Rivierenland" <rapportage@werkzaak.example>',
      MAX_SEND_RATE: '20',
    });
    const demo = await runCli(['demo', '--period', '2026-09', '--dir', path.join(stack.dir, 'work')], env);
    expect(demo.code, demo.stderr).toBe(0);
    recipients = JSON.parse((await cli('recipients', 'list', '--json')).stdout) as ListedRecipient[];
    const listed = JSON.parse((await cli('municipalities', 'list', '--json')).stdout) as { municipalities: { name: string; optedOut: boolean }[] };
    municipalities = listed.municipalities.filter((m) => !m.optedOut).map((m) => m.name);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('sends one mail when the same re-send request arrives twice, and another for a new request', async () => {
    // Prepare: the resend Lambda, invoked for one municipality with a request id (as on Lambda's own retry).
    coldStart();
    const { handler } = await import('../../functions/handlers/resend');
    const municipality = municipalities[0] as string;
    const request = { runId: RUN, municipality, requestedBy: 'j.jansen', requestId: 'verzoek-herhaald-0001' };
    // Act
    const { result: results, mails: repeated } = await mailsDuring(async () => [
      await handler(request, lambdaContext('resend', 'lambda-1')),
      await handler(request, lambdaContext('resend', 'lambda-2')),
    ]);
    const { mails: fresh } = await mailsDuring(() => handler({ ...request, requestId: 'verzoek-nieuw-0002' }, lambdaContext('resend', 'lambda-3')));
    // Assess: the second invocation found the first one's record and sent nothing.
    expect(repeated).toHaveLength(1);
    expect(addresses(repeated[0]?.destination.to ?? [])).toEqual(abLeden(municipality).sort());
    // The second invocation finds the first one's record: nothing sent, reported as already sent.
    expect(results.map((r) => [r.sent, r.alreadySent])).toEqual([[1, 0], [0, 1]]);
    expect(fresh).toHaveLength(1);
    const rows = JSON.parse((await cli('deliveries', RUN, '--json')).stdout) as MessageRow[];
    expect(rows.filter((r) => r.send === 'opnieuw' && r.municipality === municipality)).toHaveLength(2);
  });

  it('leaves a bounced address out of a re-send, and sends nothing where no AB-lid is left for To', async () => {
    // Prepare: hard bounces, through the delivery-events Lambda, of one of two AB-leden of one
    // municipality and of the only AB-lid of another.
    const two = municipalities.find((m, i) => i > 0 && abLeden(m).length === 2) as string;
    const one = municipalities.find((m, i) => i > 0 && abLeden(m).length === 1) as string;
    expect([two, one].every(Boolean)).toBe(true);
    const [bounced, kept] = abLeden(two) as [string, string];
    const only = abLeden(one)[0] as string;
    const rows = JSON.parse((await cli('deliveries', RUN, '--json')).stdout) as MessageRow[];
    const sesIdOf = (m: string) => rows.find((r) => r.municipality === m && r.send === 'origineel')?.sesMessageId as string;
    coldStart();
    const { handler } = await import('../../functions/handlers/delivery-events');
    expect(await handler(bounceEvent(bounced, sesIdOf(two)), lambdaContext('delivery-events'))).toMatchObject({ blocked: 1 });
    expect(await handler(bounceEvent(only, sesIdOf(one)), lambdaContext('delivery-events'))).toMatchObject({ blocked: 1 });
    // Act
    const { result: toTwo, mails: mailedTwo } = await mailsDuring(() => cli('resend', RUN, '--gemeente', two));
    const { result: toOne, mails: mailedOne } = await mailsDuring(() => cli('resend', RUN, '--gemeente', one));
    // Assess: the other AB-lid and the beleidsmedewerkers get it, the bounced address does not.
    expect(toTwo.code, toTwo.stderr).toBe(0);
    expect(toTwo.stdout).toContain(`${bounced} overgeslagen: onbestelbaar`);
    expect(mailedTwo).toHaveLength(1);
    const reached = addresses([...(mailedTwo[0]?.destination.to ?? []), ...(mailedTwo[0]?.destination.cc ?? [])]);
    expect(reached).not.toContain(bounced);
    expect(addresses(mailedTwo[0]?.destination.to ?? [])).toEqual([kept]);
    // No mail with only Cc: nothing at all, and the operator is told why.
    expect(mailedOne).toEqual([]);
    expect(toOne.code).toBe(1);
    expect(toOne.stdout).toContain(`${one}: geen adres meer voor Aan, dus geen mail met alleen Cc verstuurd`);
  });

  it('does not take over a claim on a message younger than the lease, and takes over an older one', async () => {
    // Prepare: a message claimed by a worker at 07:00, with a lease of five minutes.
    const runs = new RunStore(stack.names.tableName);
    const lease = 5 * 60_000;
    const message = { runId: '2026-07-final', messageKey: 'Tiel#1', municipality: 'Tiel', to: ['ab-lid-1@tiel.example'], cc: [], attachmentKey: 'runs/2026-07-final/tiel.pdf' };
    const at = (time: string) => ({ ...message, claimedAt: `2026-09-01T${time}.000Z` });
    expect(await runs.claimDelivery(at('07:00:00'), lease)).toBe('claimed');
    // Act: a second worker one minute later (the first may still be sending), then one after the lease ran out.
    const whileLive = await runs.claimDelivery(at('07:01:00'), lease);
    const afterLease = await runs.claimDelivery(at('07:05:01'), lease);
    const again = await runs.claimDelivery(at('07:06:00'), lease);
    // Assess
    expect(whileLive).toBe('in progress');
    expect(afterLease).toBe('claimed');
    expect(again).toBe('in progress');
    expect(await runs.deliveries('2026-07-final')).toEqual([expect.objectContaining({ status: 'claimed', claimedAt: '2026-09-01T07:05:01.000Z' })]);
  });

  it('never runs a completed run again: its record and archived snapshot stay as they were', async () => {
    // Prepare: the completed run as the operator sees it, then the period's commentary changed.
    type ListedRun = { runId: string; status: string };
    const archive = new ArchiveStore(stack.names.archiveBucket);
    const recordOf = async () => (JSON.parse((await cli('runs', '--json')).stdout) as ListedRun[]).find((r) => r.runId === RUN);
    const before = await recordOf();
    const snapshot = Buffer.from(await archive.get(`runs/${RUN}/snapshot.json`)).toString('utf8');
    const file = path.join(stack.dir, 'toelichting.md');
    writeFileSync(file, 'Een nieuwe toelichting, geschreven nadat de rapportage verzonden was.');
    expect((await cli('commentary', 'set', '--period', '2026-09', '--file', file)).code).toBe(0);
    // Act: the same run started again, as a scheduler retry or an operator would.
    const { result: again, mails: mailed } = await mailsDuring(() => cli('run', '--period', '2026-09'));
    // Assess: the run as recorded and archived is the one that was sent, and the operator is told so.
    expect(before).toMatchObject({ status: 'completed' });
    expect(await recordOf()).toEqual(before);
    const after = Buffer.from(await archive.get(`runs/${RUN}/snapshot.json`)).toString('utf8');
    expect(after).not.toContain('Een nieuwe toelichting');
    expect(after).toBe(snapshot);
    expect(mailed).toEqual([]);
    expect(again.stdout).toContain(`run ${RUN} is al afgerond (voltooid`);
  });
});
