import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { parsePeriod } from '../../functions/core/periods';
import { loadSampleData } from '../../functions/local/demo-data';
import { advanceCycle } from '../../functions/usecases/cycle';
import { releaseRun } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { inMemoryReleaseDeps, inMemoryRunDeps } from '../../functions/wiring/in-memory';
import { testOrganisation } from '../support/organisation';

/**
 * The in-memory adapters together, under the use case they are for: a whole run with no emulator
 * and no Chromium. Each port's own behaviour is pinned by its contract test beside this file.
 */
describe('a run on the in-memory adapters', () => {
  it('mails every municipality once, archives what it sent, and a second run sends nothing', async () => {
    // Prepare
    const memory = createInMemoryAdapters({ retentionDays: 30, mailer: { quota: { max24HourSend: 1000, maxSendRate: 14 } } });
    const organisation = await memory.store.applyOrganisation(testOrganisation(), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
    await loadSampleData(memory.store, organisation.config, parsePeriod('2026-09'));
    const deps = inMemoryRunDeps(memory, { now: () => new Date('2026-11-02T07:00:00Z') });
    // Act
    const first = await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, deps);
    const second = await runReport({ period: parsePeriod('2026-09'), kind: 'final' }, deps);
    // Assess
    const mailed = organisation.config.municipalities.filter((m) => !m.optedOut).length;
    expect(first.status).toBe('completed');
    expect(first.deliveries.map((d) => d.status)).toEqual(Array(mailed).fill('sent'));
    expect(memory.mailer.sent).toHaveLength(mailed);
    expect(memory.mailer.sent[0]?.text).toMatch(/^Content-Language: nl/m);
    expect(first.deliveries[0]?.pdfPages).toBe(1);
    expect(memory.printers.every((p) => p.closed)).toBe(true);
    expect(memory.archive.keys()).toContain('runs/2026-09-final/snapshot.json');
    expect((await memory.runs.deliveries('2026-09-final')).every((d) => d.status === 'sent' && d.expiresAt !== undefined)).toBe(true);
    expect(second.notStarted).toMatch(/al afgerond/);
    expect(memory.mailer.sent).toHaveLength(mailed);
  });

  it('runs the cycle: a concept to the reviewers, one reminder after the review, the final days later on release', async () => {
    // Prepare: a clock the test moves from day to day
    const memory = createInMemoryAdapters({ retentionDays: 30, mailer: { quota: { max24HourSend: 1000, maxSendRate: 14 } } });
    const organisation = await memory.store.applyOrganisation(testOrganisation({ calendar: { dataDeadlineWorkday: 5, reviewWorkdays: 5, release: 'manual' } }), null, { at: '2026-10-01T08:00:00Z', by: 'test' });
    await loadSampleData(memory.store, organisation.config, parsePeriod('2026-09'));
    let today = '2026-11-10';
    const deps = inMemoryReleaseDeps(memory, { now: () => new Date(`${today}T07:00:00Z`) });
    const step = async (day: string) => {
      today = day;
      return (await advanceCycle(day as Parameters<typeof advanceCycle>[0], deps)).flatMap((s) => s.actions);
    };
    const subjects = () => memory.mailer.sent.map((m) => /^Subject: (.*)$/m.exec(m.text)?.[1] ?? '');
    // Act
    const concept = await step('2026-11-10');
    const during = await step('2026-11-11');
    const reminder = await step('2026-11-20');
    const again = await step('2026-11-23');
    today = '2026-11-24';
    const release = await releaseRun('2026-09-concept-1', 'b.beheerder', deps);
    // Assess
    expect(concept).toEqual(['2026-09-concept-1 naar de reviewers (14 mails); review tot en met 17-11-2026']);
    expect(during).toEqual(['2026-09-concept-1 is bij de reviewers tot en met 17-11-2026']);
    expect(reminder).toEqual(['review voorbij: herinnering aan de beheerders om 2026-09-concept-1 vrij te geven']);
    expect(again).toEqual(['review voorbij; 2026-09-concept-1 wacht op vrijgave (herinnering al verstuurd)']);
    expect(release).toMatchObject({ released: true, finalRunId: '2026-09-final', summary: { status: 'completed' } });
    expect(await memory.log.run('2026-09-final')).toMatchObject({ releasedFrom: '2026-09-concept-1', releasedBy: 'b.beheerder', releasedAt: '2026-11-24T07:00:00.000Z' });
    const mailed = organisation.config.municipalities.filter((m) => !m.optedOut).length;
    const concepts = subjects().filter((s) => /CONCEPT/.test(s));
    // A concept per reviewer per municipality (each mail carries its reader's own answer link), a
    // notice of the concept and the reminder to the beheerders, then the finals.
    expect([concepts.length, memory.mailer.sent.length - concepts.length - mailed]).toEqual([2 * mailed, 2]);
  });
});
