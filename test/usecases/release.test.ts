import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../functions/core/periods';
import { type OrganisationReader, SendRejectedError } from '../../functions/usecases/ports';
import { ConceptNumberError, ReleaseRefusedError, prepareRelease, releaseRun, runConcept, setHold } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { header, snapshotOf, world } from './support';

const period = parsePeriod('2026-09');

describe('releasing a concept', () => {
  it('sends the final dated as the concept the reviewers saw, also when released a week later', async () => {
    // Prepare
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    const concept = await runConcept({ period }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    // Act
    const outcome = await releaseRun(concept.runId, 'beheerder', w.release);
    // Assess
    expect(outcome).toMatchObject({ released: true, finalRunId: '2026-09-final' });
    expect((await snapshotOf(w, '2026-09-final')).input.issuedOn).toBe('2026-11-09T07:00:00.000Z');
    const html = Buffer.from(await w.archive.get('runs/2026-09-final/tiel.html')).toString('utf8');
    expect(html).toContain('9 november 2026');
    expect(html).not.toContain('16 november 2026');
    expect(html).not.toContain('CONCEPT');
    expect(Buffer.from(await w.archive.get('runs/2026-09-concept-1/tiel.html')).toString('utf8')).toContain('CONCEPT');
  });

  it('sends the final from the concept\'s frozen figures, also when a figure is imported while the release runs', async () => {
    // Prepare: the figures change after the release checked them, before the final loads them.
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    const concept = await runConcept({ period }, w.run, w.log);
    const frozen = (await snapshotOf(w, concept.runId)).input.figures.find((f) => f.municipality === 'Tiel' && f.month === '2026-10');
    let reads = 0;
    const store: OrganisationReader = Object.create(w.store, {
      figures: {
        value: async (months: readonly string[]) => {
          const figures = await w.store.figures(months as never);
          return ++reads > 1 ? figures.map((f) => (f.municipality === frozen?.municipality && f.indicator === frozen.indicator && f.month === frozen.month ? { ...f, value: 99_999 } : f)) : figures;
        },
      },
    });
    w.clock.set('2026-11-16T14:00:00Z');
    // Act
    await releaseRun(concept.runId, 'beheerder', { ...w.release, run: { ...w.run, store } });
    // Assess
    const sent = (await snapshotOf(w, '2026-09-final')).input.figures.find((f) => f.municipality === frozen?.municipality && f.indicator === frozen?.indicator && f.month === frozen?.month);
    expect(sent?.value).toBe(frozen?.value);
  });

  it('records who released which concept, in the run list and the audit trail', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    await releaseRun(concept.runId, 'beheerder', w.release);
    expect(await w.log.run('2026-09-final')).toMatchObject({ status: 'completed', releasedFrom: '2026-09-concept-1', releasedBy: 'beheerder', releasedAt: '2026-11-16T14:00:00.000Z' });
    const audit = (await w.recipientStore.history()).filter((e) => e.action === 'run released');
    expect(audit).toEqual([expect.objectContaining({ actor: 'beheerder', runId: '2026-09-final', detail: '2026-09-concept-1 vrijgegeven als 2026-09-final: voltooid' })]);
  });

  it('sends the final to the AB-leden, not to the reviewers who got the concept', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    const conceptMails = w.mailer.sent.length;
    w.clock.set('2026-11-16T14:00:00Z'); // the review's last day
    await releaseRun(concept.runId, 'beheerder', w.release);
    const finals = w.mailer.sent.slice(conceptMails);
    expect(finals.length).toBeGreaterThan(0);
    expect(finals.every((m) => !header(m, 'To').includes('gbo-secretariaat'))).toBe(true);
    expect(finals.some((m) => header(m, 'To').includes('ab-lid-1@tiel.example'))).toBe(true);
  });

  it('refuses a held period and sends nothing, naming who holds it', async () => {
    // Prepare
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    const before = w.mailer.sent.length;
    await setHold('2026-09', true, 'wethouder-buren', { ...w.release, now: w.clock.now });
    // Act
    const release = releaseRun(concept.runId, 'beheerder', w.release);
    // Assess
    await expect(release).rejects.toThrow(ReleaseRefusedError);
    await expect(release).rejects.toThrow(/2026-09 is aangehouden door wethouder-buren/);
    expect(w.mailer.sent).toHaveLength(before);
    expect(await w.log.run('2026-09-final')).toBeUndefined();
  });

  it('releases a held period once the hold is lifted, and records both in the audit trail', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    const deps = { ...w.release, now: w.clock.now };
    expect(await setHold(concept.runId, true, 'beheerder', deps)).toEqual({ period: '2026-09', changed: true });
    expect(await setHold('2026-09', true, 'beheerder', deps)).toEqual({ period: '2026-09', changed: false });
    // The review's last day: the hold, not the review, is what held the release back.
    w.clock.set('2026-11-16T09:00:00Z');
    expect(await setHold('2026-09', false, 'beheerder', deps)).toEqual({ period: '2026-09', changed: true });
    expect((await releaseRun(concept.runId, 'beheerder', w.release)).released).toBe(true);
    expect((await w.recipientStore.history()).map((e) => e.action).filter((a) => a.startsWith('period'))).toEqual(['period held', 'period unheld']);
  });

  it('refuses to hold something that is no run id or period', async () => {
    const w = await world();
    await expect(setHold('september', true, 'beheerder', { ...w.release, now: w.clock.now })).rejects.toThrow('"september" is geen run-id of periode');
  });

  it('refuses a concept whose figures changed since, naming the change, and sends nothing', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    const before = w.mailer.sent.length;
    const tiel = (await w.store.figures(['2026-10'])).find((f) => f.municipality === 'Tiel');
    await w.store.putFigures([{ ...tiel!, value: tiel!.value + 7 }], 'correctie');
    await expect(releaseRun(concept.runId, 'beheerder', w.release)).rejects.toThrow(/sinds 2026-09-concept-1 is er iets gewijzigd[\s\S]*Tiel · /);
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('refuses a concept that is not the latest, naming the latest', async () => {
    const w = await world();
    await runConcept({ period }, w.run, w.log);
    const second = await runConcept({ period }, w.run, w.log);
    expect(second.runId).toBe('2026-09-concept-2');
    await expect(releaseRun('2026-09-concept-1', 'beheerder', w.release)).rejects.toThrow('2026-09-concept-1 is niet het laatste concept van 2026-09; dat is 2026-09-concept-2');
  });

  it('says a final already sent is not sent again', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    await releaseRun(concept.runId, 'beheerder', w.release);
    const before = w.mailer.sent.length;
    const again = await releaseRun(concept.runId, 'beheerder', w.release);
    expect(again).toMatchObject({ released: false, reason: expect.stringMatching(/^2026-09-final is al als definitieve versie verstuurd .*vrijgegeven door beheerder uit 2026-09-concept-1/) });
    expect(w.mailer.sent).toHaveLength(before);
  });

  it('refuses a concept whose snapshot is gone, asking for a new concept', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    await w.archive.delete(`runs/${concept.runId}/snapshot.json`);
    await expect(releaseRun(concept.runId, 'beheerder', w.release)).rejects.toThrow('het archief heeft geen momentopname van 2026-09-concept-1 (runs/2026-09-concept-1/snapshot.json); verstuur een nieuw concept');
  });

  it('says a final the schedule already sent is not sent again', async () => {
    const w = await world();
    const concept = await runConcept({ period }, w.run, w.log);
    await runReport({ period, kind: 'final' }, w.run);
    const outcome = await releaseRun(concept.runId, 'beheerder', w.release);
    expect(outcome).toMatchObject({ released: false, reason: expect.stringMatching(/^2026-09-final is al als definitieve versie verstuurd op .* \(door het schema of een run-opdracht\); er is niets opnieuw verzonden$/) });
  });

  it('refuses a run that does not exist', async () => {
    const w = await world();
    await expect(prepareRelease('2026-09-concept-3', w.release)).rejects.toThrow('er is geen run 2026-09-concept-3');
  });
});

describe('numbering concepts', () => {
  it('continues a partial concept, sending only what it did not send, while the data holds', async () => {
    // Prepare: SES refuses one mail of the first concept.
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    const first = await runConcept({ period }, w.run, w.log);
    const failed = first.deliveries.filter((d) => d.status === 'failed').map((d) => d.messageKey);
    // Act: the run of the next day takes the same partial run over (its lease has run out).
    w.clock.set('2026-11-10T07:00:00Z');
    const again = await runConcept({ period }, w.run, w.log);
    // Assess
    expect(first.status).toBe('partial');
    expect(again.runId).toBe('2026-09-concept-1');
    expect(again.deliveries.filter((d) => d.status === 'sent').map((d) => d.messageKey)).toEqual([]);
    expect(failed).toHaveLength(1);
  });

  it('starts a new concept after a partial one when the data changed since', async () => {
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    await runConcept({ period }, w.run, w.log);
    await w.store.putCommentary('2026-09', 'Een nieuwe toelichting.');
    w.clock.set('2026-11-10T07:00:00Z');
    const next = await runConcept({ period }, w.run, w.log);
    expect(next.runId).toBe('2026-09-concept-2');
    expect(next.status).toBe('completed');
  });

  it('starts a new concept after a partial one whose snapshot is gone', async () => {
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    await runConcept({ period }, w.run, w.log);
    await w.archive.delete('runs/2026-09-concept-1/snapshot.json');
    w.clock.set('2026-11-10T07:00:00Z');
    expect((await runConcept({ period }, w.run, w.log)).runId).toBe('2026-09-concept-2');
  });

  it('gives up with a clear message when others keep taking the next number', async () => {
    const w = await world();
    let attempts = 0;
    const log = { ...w.log, run: w.log.run.bind(w.log), latestConcept: w.log.latestConcept.bind(w.log), advanceConcept: async () => ++attempts < 0 };
    await expect(runConcept({ period }, w.run, log)).rejects.toThrow(ConceptNumberError);
    expect(attempts).toBe(5);
    await expect(runConcept({ period }, w.run, log)).rejects.toThrow('kon geen nieuw conceptnummer voor 2026-09 vastleggen: anderen startten er tegelijk een; probeer het opnieuw');
    expect(w.mailer.sent).toEqual([]);
  });

  it('refuses to release a concept that never reached the reviewers', async () => {
    const w = await world();
    for (let i = 0; i < 20; i++) w.mailer.failNext(new SendRejectedError('MessageRejected'));
    const concept = await runConcept({ period }, w.run, w.log);
    expect(concept.status).toBe('failed');
    await expect(prepareRelease(concept.runId, w.release)).rejects.toThrow('2026-09-concept-1 is niet naar de reviewers verstuurd (mislukt); voer eerst rapportbode run --periode 2026-09 --concept opnieuw uit');
  });

  it('runs a partial final again by its own id, from the data in force, without a release mark', async () => {
    const w = await world();
    w.mailer.failNext(new SendRejectedError('MessageRejected'));
    await runReport({ period, kind: 'final' }, w.run);
    w.clock.set('2026-11-10T07:00:00Z');
    const prepared = await prepareRelease('2026-09-final', w.release);
    expect(prepared).toEqual({ ready: true, runId: '2026-09-final', finalRunId: '2026-09-final', period, fromConcept: false, input: undefined });
    const outcome = await releaseRun('2026-09-final', 'beheerder', w.release);
    expect(outcome.released).toBe(true);
    expect((await w.log.run('2026-09-final'))?.releasedBy).toBeUndefined();
    expect(await w.recipientStore.history()).toEqual([]);
  });
});
