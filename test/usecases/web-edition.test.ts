import { describe, expect, it } from 'vitest';
import { InMemoryEditionPublisher } from '../../functions/adapters/memory/edition-publisher';
import { parsePeriod } from '../../functions/core/periods';
import type { EditionFile, EditionPublisher } from '../../functions/usecases/ports';
import { releaseRun, runConcept, runFinal } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { type EditionDeps, publishAfterFinal, publishEditions } from '../../functions/usecases/web-edition';
import { type World, world } from './support';

const september = parsePeriod('2026-09');
const july = parsePeriod('2026-07');
const ASSET: EditionFile = { path: 'assets/editie.css', bytes: new TextEncoder().encode('body{}'), contentType: 'text/css' };

function editions(w: World, publisher: EditionPublisher = new InMemoryEditionPublisher()): EditionDeps {
  return { log: w.log, archive: w.archive, publisher, assets: () => [ASSET] };
}

/** The published page's text with the tags out. */
function pageText(publisher: InMemoryEditionPublisher, path: string): string {
  return (publisher.text(path) ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('the web edition of released reports', () => {
  it('is published when a concept is released: each municipality\'s and the organisation\'s pages of that period', async () => {
    // Prepare
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    const publisher = new InMemoryEditionPublisher();
    const concept = await runConcept({ period: september }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    // Act
    const outcome = await releaseRun(concept.runId, 'beheerder', { ...w.release, editions: editions(w, publisher) });
    // Assess
    expect(outcome).toMatchObject({ released: true, edition: { published: true, periods: ['2026-09'] } });
    for (const path of ['tiel/index.html', 'tiel/2026-09/index.html', 'tiel/2026-09/cijfers.csv', 'tiel/indicator/bijstand/index.html', 'organisatie/2026-09/index.html', 'assets/editie.css']) {
      expect(publisher.files.has(path), path).toBe(true);
    }
    expect(pageText(publisher, 'tiel/2026-09/index.html')).toContain('Gemeentespecifieke paragraaf Tiel');
    expect(pageText(publisher, 'tiel/2026-09/index.html')).not.toContain('CONCEPT');
  });

  it('publishes nothing for a concept: the reviewers\' version never reaches the readers', async () => {
    // Prepare
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    const publisher = new InMemoryEditionPublisher();
    // Act: a concept, then a rebuild of the web edition
    await runConcept({ period: september }, w.run, w.log);
    const summary = await publishEditions(editions(w, publisher));
    // Assess
    expect(summary).toEqual({ periods: [], files: 0, skipped: [] });
    expect([...publisher.files.keys()]).toEqual([]);
  });

  it('rebuilds every released period with `web`: each indicator\'s history holds both, each picker lists both', async () => {
    // Prepare: july–august sent as a final, september–october released from its concept
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    await runReport({ period: july, kind: 'final' }, w.run);
    const concept = await runConcept({ period: september }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    await releaseRun(concept.runId, 'beheerder', w.release);
    const publisher = new InMemoryEditionPublisher();
    // Act
    const summary = await publishEditions(editions(w, publisher));
    // Assess
    expect(summary.periods).toEqual(['2026-07', '2026-09']);
    expect(publisher.files.has('tiel/2026-07/index.html')).toBe(true);
    const history = pageText(publisher, 'tiel/indicator/bijstand/index.html');
    expect(history).toContain('juli–augustus 2026');
    expect(history).toContain('september–oktober 2026');
    expect(publisher.text('tiel/index.html')).toContain('href="2026-07/"');
  });

  it('sends the final even when publishing fails, and says how to publish again', async () => {
    // Prepare
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    const failing: EditionPublisher = { publish: async () => Promise.reject(new Error('schijf vol')) };
    await runConcept({ period: september }, w.run, w.log);
    w.clock.set('2026-11-16T14:00:00Z');
    // Act
    const summary = await runFinal({ period: september }, 'beheerder', { ...w.release, editions: editions(w, failing) });
    // Assess
    expect(summary.status).toBe('completed');
    expect(summary.edition).toEqual({ published: false, reason: expect.stringContaining('schijf vol') });
    expect(summary.edition).toEqual({ published: false, reason: expect.stringContaining('rapportbode web') });
  });
});

describe('which finals the web edition holds', () => {
  it('holds a final that reached only some readers, leaves out a failed one, and says which snapshot it could not read', async () => {
    const w = await world({ at: '2026-11-09T07:00:00Z', config: { colour: '#005A8C' } });
    await runReport({ period: july, kind: 'final' }, w.run);
    await runReport({ period: september, kind: 'final' }, w.run);
    const runOf = (runId: string) => {
      const run = w.data.runs.get(runId);
      if (!run) throw new Error(runId);
      return run;
    };
    w.data.runs.set('2026-09-final', { ...runOf('2026-09-final'), status: 'partial' });
    const publisher = new InMemoryEditionPublisher();
    const summary = await publishEditions(editions(w, publisher));
    expect(summary).toMatchObject({ periods: ['2026-07', '2026-09'], skipped: [] });
    // The organisation's colour, as its file gave it when the final ran.
    expect(publisher.text('tiel/huisstijl.css')).toContain('--rb-color-primary:#005A8C');

    w.data.runs.set('2026-09-final', { ...runOf('2026-09-final'), status: 'failed' });
    expect(await publishEditions(editions(w, new InMemoryEditionPublisher()))).toMatchObject({ periods: ['2026-07'], skipped: [] });

    w.data.runs.set('2026-09-final', { ...runOf('2026-09-final'), status: 'completed' });
    await w.archive.put('runs/2026-09-final/snapshot.json', JSON.stringify({ figures: [] }), 'application/json');
    await w.archive.delete('runs/2026-07-final/snapshot.json');
    const old = new InMemoryEditionPublisher();
    expect(await publishEditions(editions(w, old))).toEqual({
      periods: [],
      files: 0,
      skipped: [
        '2026-07: de momentopname van 2026-07-final staat niet meer in het archief (bewaartermijn)',
        '2026-09: de momentopname van 2026-09-final is van een oudere versie van rapportbode',
      ],
    });
    expect([...old.files.keys()]).toEqual([]);
  });
});

describe('when a run updates the web edition', () => {
  it('publishes after a final that went out, and not after a concept, a failed final, a final already done, or without a publisher', async () => {
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    await runReport({ period: july, kind: 'final' }, w.run);
    const publisher = new InMemoryEditionPublisher();
    const deps = editions(w, publisher);
    for (const summary of [
      { runId: '2026-09-concept-1', status: 'completed' as const },
      { runId: '2026-07-final', status: 'failed' as const },
      { runId: '2026-07-final', status: 'completed' as const, notStarted: 'de run is al klaar' },
    ]) {
      expect(await publishAfterFinal(summary, deps), summary.runId).toBeUndefined();
    }
    expect(await publishAfterFinal({ runId: '2026-07-final', status: 'completed' }, undefined)).toBeUndefined();
    expect([...publisher.files.keys()]).toEqual([]);
    expect(await publishAfterFinal({ runId: '2026-07-final', status: 'partial' }, deps)).toMatchObject({ published: true, periods: ['2026-07'] });
    expect(publisher.files.has('tiel/2026-07/index.html')).toBe(true);
  });

  it('calls a snapshot without the organisation it was made for one of an older version', async () => {
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    await runReport({ period: july, kind: 'final' }, w.run);
    const snapshot = JSON.parse(new TextDecoder().decode(await w.archive.get('runs/2026-07-final/snapshot.json')));
    const older = ['2026-07: de momentopname van 2026-07-final is van een oudere versie van rapportbode'];
    for (const input of [undefined, {}, { organisation: {} }]) {
      await w.archive.put('runs/2026-07-final/snapshot.json', JSON.stringify({ ...snapshot, input }), 'application/json');
      expect((await publishEditions(editions(w, new InMemoryEditionPublisher()))).skipped, JSON.stringify(input)).toEqual(older);
    }
  });
});
