import { type ParsedMail, simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { parsePeriod } from '../../functions/core/periods';
import { reviewLeftNl, reviewWorkdaysLeft } from '../../functions/core/review';
import { loadSampleData } from '../../functions/local/demo-data';
import { FinalWithoutConceptError, type ReleaseDeps, ReleaseRefusedError, releaseRun, runConcept, runFinal } from '../../functions/usecases/release';
import type { ReviewAnswer } from '../../functions/usecases/ports';
import { testOrganisation } from '../support/organisation';

const PERIOD = parsePeriod('2026-09');

/** The release use case on the in-memory ports, with a clock the test moves. */
async function prepare(answers: ReviewAnswer[] = []) {
  const memory = createInMemoryAdapters({ retentionDays: 30, mailer: { quota: { max24HourSend: 1000, maxSendRate: 14 } } });
  const organisation = await memory.store.applyOrganisation(testOrganisation(), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
  await loadSampleData(memory.store, organisation.config, PERIOD);
  const clock = { now: new Date('2026-11-02T08:00:00Z') };
  const run = { ...memory, renderer: new ReportRenderer(), now: () => clock.now, leaseMs: 45_000 };
  const deps: ReleaseDeps = { run, log: memory.log, cycles: memory.cycles, audit: memory.recipientStore, answers: { answersFor: async (id) => answers.filter((a) => a.conceptRunId === id) } };
  const audit = () => [...memory.data.audit.values()];
  const mailsTo = async (to: readonly string[]) => {
    const parsed = await Promise.all(memory.mailer.sent.map((m) => simpleParser(Buffer.from(m.raw))));
    const addresses = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? '')).sort();
    return parsed.filter((m) => addresses(m).join() === [...to].sort().join());
  };
  return { memory, organisation: organisation.config, clock, deps, audit, mailsTo };
}

describe('the review cannot be skipped by accident', () => {
  it('counts the working days left including today, over a weekend', () => {
    // Friday 4 December 2026 to Tuesday 8 December: Friday, Monday, Tuesday.
    expect(reviewWorkdaysLeft('2026-12-04', '2026-12-08')).toBe(3);
    expect(reviewLeftNl('2026-12-04', '2026-12-08')).toBe('de review loopt nog 3 werkdagen, tot en met dinsdag 8 december 2026');
    expect(reviewLeftNl('2026-12-07', '2026-12-07')).toBe('de review loopt nog 1 werkdag, tot en met maandag 7 december 2026');
  });

  it('refuses a release before the review’s last day, naming the days left, and sends nothing', async () => {
    // Prepare: a concept on Monday 2 November; the demo's review is 5 working days, to Monday 9 November.
    const { deps, memory, clock, audit } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    const sent = memory.mailer.sent.length;
    clock.now = new Date('2026-11-04T09:00:00Z');
    // Act
    const refused = await releaseRun('2026-09-concept-1', 'j.jansen', deps).catch((e: unknown) => e);
    // Assess
    expect(refused).toBeInstanceOf(ReleaseRefusedError);
    expect((refused as Error).message).toContain('de review loopt nog 4 werkdagen, tot en met maandag 9 november 2026');
    expect((refused as Error).message).toContain('--voor-einde-review --reden TEKST');
    expect(memory.mailer.sent).toHaveLength(sent);
    expect(await deps.log.run('2026-09-final')).toBeUndefined();
    expect(audit().filter((e) => e.action.startsWith('run released'))).toEqual([]);
  });

  it('releases on the review’s last day and after it, as an ordinary release', async () => {
    const { deps, clock, audit } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-09T09:00:00Z');
    const outcome = await releaseRun('2026-09-concept-1', 'j.jansen', deps);
    expect(outcome.released).toBe(true);
    expect(audit().map((e) => e.action)).toContain('run released');
    expect(audit().map((e) => e.action)).not.toContain('run released before review end');
  });

  it('releases early with a reason: audited with actor and reason, and the beheerders are told why', async () => {
    const { deps, clock, audit, organisation, mailsTo } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-04T09:00:00Z');
    const outcome = await releaseRun('2026-09-concept-1', 'j.jansen', deps, { beforeReviewEnd: { reason: 'AB vergadert donderdag' } });
    expect(outcome.released).toBe(true);
    const [entry] = audit().filter((e) => e.action === 'run released before review end');
    expect(entry).toMatchObject({ actor: 'j.jansen', reason: 'AB vergadert donderdag', runId: '2026-09-final' });
    expect(entry?.detail).toContain('de review loopt nog 4 werkdagen');
    const notices = await mailsTo(organisation.administrators);
    expect(notices.map((m) => m.subject)).toEqual([`${organisation.name}: september–oktober 2026 vrijgegeven vóór het einde van de review`]);
    expect(notices[0]?.text).toContain('j.jansen heeft 2026-09-concept-1 over september–oktober 2026 vrijgegeven als 2026-09-final vóór het einde van de review: de review loopt nog 4 werkdagen');
    expect(notices[0]?.text).toContain('Reden: AB vergadert donderdag');
  });

  it('names the command to look at the early release with the operator\'s --map, as the other notices do', async () => {
    const { deps, clock, organisation, mailsTo } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-04T09:00:00Z');
    await releaseRun('2026-09-concept-1', 'j.jansen', { ...deps, command: (c) => `rapportbode ${c} --map /data/werkzaak` }, { beforeReviewEnd: { reason: 'AB vergadert donderdag' } });
    const [notice] = await mailsTo(organisation.administrators);
    // It said "Zie rapportbode deliveries 2026-09-final", which on a map of one's own shows nothing.
    expect(notice?.text).toContain('Zie rapportbode deliveries 2026-09-final --map /data/werkzaak; dit is vastgelegd in het logboek.');
  });

  it('refuses an early release whose reason is blank', async () => {
    const { deps, clock } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-04T09:00:00Z');
    await expect(releaseRun('2026-09-concept-1', 'j.jansen', deps, { beforeReviewEnd: { reason: '  ' } })).rejects.toBeInstanceOf(ReleaseRefusedError);
  });

  it('releases early without a reason when every receiving municipality answered akkoord', async () => {
    const answers: ReviewAnswer[] = [];
    const { deps, clock, organisation } = await prepare(answers);
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-04T09:00:00Z');
    const receiving = organisation.municipalities.filter((m) => !m.optedOut);
    for (const m of receiving.slice(1)) answers.push({ conceptRunId: '2026-09-concept-1', municipality: m.name, answer: 'akkoord', by: 'gbo', at: '2026-11-03T10:00:00Z' });
    await expect(releaseRun('2026-09-concept-1', 'j.jansen', deps)).rejects.toBeInstanceOf(ReleaseRefusedError);
    answers.push({ conceptRunId: '2026-09-concept-1', municipality: receiving[0]?.name as string, answer: 'akkoord', by: 'gbo', at: '2026-11-03T11:00:00Z' });
    expect((await releaseRun('2026-09-concept-1', 'j.jansen', deps)).released).toBe(true);
  });
});

describe('a final by hand needs a reviewed concept', () => {
  it('refuses run without --concept when no concept of the period was reviewed, naming --concept', async () => {
    const { deps, memory, clock } = await prepare();
    const none = await runFinal({ period: PERIOD }, 'j.jansen', deps).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(FinalWithoutConceptError);
    expect((none as Error).message).toContain('rapportbode run --periode 2026-09 --concept');
    expect((none as Error).message).toContain('--zonder-concept --reden TEKST');
    // A concept still in review is not reviewed yet.
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    const sent = memory.mailer.sent.length;
    clock.now = new Date('2026-11-06T09:00:00Z');
    await expect(runFinal({ period: PERIOD }, 'j.jansen', deps)).rejects.toBeInstanceOf(FinalWithoutConceptError);
    expect(memory.mailer.sent).toHaveLength(sent);
    expect(await deps.log.run('2026-09-final')).toBeUndefined();
  });

  it('does not take a final that failed before sending anything as a reason to send one now', async () => {
    const { deps, memory } = await prepare();
    await memory.runs.acquireRun({ runId: '2026-09-final', period: '2026-09', kind: 'final', startedAt: '2026-11-02T07:00:00Z' }, new Date('2026-11-02T07:00:00Z'), 45_000);
    await memory.runs.finishRun('2026-09-final', 'failed', { sent: 0, skipped: 0, failed: 0 }, ['cijfers ontbreken'], '2026-11-02T07:01:00Z');
    await expect(runFinal({ period: PERIOD }, 'j.jansen', deps)).rejects.toBeInstanceOf(FinalWithoutConceptError);
  });

  it('sends the final once a concept’s review is over', async () => {
    const { deps, clock } = await prepare();
    await runConcept({ period: PERIOD }, deps.run, deps.log);
    clock.now = new Date('2026-11-10T09:00:00Z');
    expect((await runFinal({ period: PERIOD }, 'j.jansen', deps)).status).toBe('completed');
  });

  it('sends a final without a concept with --zonder-concept, audited with actor and reason', async () => {
    const { deps, audit } = await prepare();
    const summary = await runFinal({ period: PERIOD }, 'j.jansen', deps, { withoutConcept: { reason: 'eerste maand, afgesproken in het AB' } });
    expect(summary.status).toBe('completed');
    expect(audit().filter((e) => e.action === 'final sent without concept')).toEqual([
      expect.objectContaining({ actor: 'j.jansen', runId: '2026-09-final', reason: 'eerste maand, afgesproken in het AB' }),
    ]);
  });
});
