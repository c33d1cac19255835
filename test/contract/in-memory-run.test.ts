import { describe, expect, it } from 'vitest';
import { createInMemoryAdapters } from '../../functions/adapters/memory';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { parsePeriod } from '../../functions/core/periods';
import { loadSampleData } from '../../functions/local/demo-data';
import { runReport } from '../../functions/usecases/run-report';
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
    const deps = { ...memory, renderer: new ReportRenderer(), now: () => new Date('2026-11-02T07:00:00Z'), leaseMs: 45_000 };
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
});
