import { describe, expect, it } from 'vitest';
import { InMemoryArchive } from '../../functions/adapters/memory';
import { ArchiveStore } from '../../functions/adapters/s3-archive';
import type { Archive } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<{ archive: Archive }> }[] = [
  { name: 'in memory', make: async () => ({ archive: new InMemoryArchive() }) },
  { name: 'S3 (s3rver)', make: async () => ({ archive: new ArchiveStore(await emulators.bucket()) }) },
];

const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(subjects)('Archive: $name', ({ make }) => {
  it('gives back what was put, byte for byte, text as UTF-8', async () => {
    // Prepare
    const { archive } = await make();
    // Act
    await archive.put('runs/2026-09-final/snapshot.json', '{"periode":"2026-09","tekst":"één"}', 'application/json');
    await archive.put('runs/2026-09-final/tiel.pdf', new Uint8Array([37, 80, 68, 70, 0, 255]), 'application/pdf');
    // Assess
    expect(new TextDecoder().decode(await archive.get('runs/2026-09-final/snapshot.json'))).toBe('{"periode":"2026-09","tekst":"één"}');
    expect([...(await archive.get('runs/2026-09-final/tiel.pdf'))]).toEqual([37, 80, 68, 70, 0, 255]);
  });

  it('finds nothing where nothing is, refuses to get it, and deletes what an operator takes back', async () => {
    // Prepare
    const { archive } = await make();
    await archive.put('images/2026-09/abcd.png', bytes('png'), 'image/png');
    // Act
    await archive.delete('images/2026-09/abcd.png');
    // Assess
    expect(await archive.find('images/2026-09/abcd.png')).toBeUndefined();
    expect(await archive.find('runs/2026-09-final/snapshot.json')).toBeUndefined();
    await expect(archive.get('runs/2026-09-final/snapshot.json')).rejects.toThrow();
  });

  it('lets a reader during a put find nothing or the whole document, never part of it (S3 is atomic per object)', async () => {
    // Prepare: snapshots the size of a large run's (a run that lost the race for its lease reads the
    // snapshot while the winner writes it); five, since one read in a put's few milliseconds is luck.
    const { archive } = await make();
    const snapshot = bytes(JSON.stringify({ figures: Array.from({ length: 60_000 }, (_, i) => ({ month: '2026-09', value: i })) }));
    const seen = new Set<number>();
    for (const attempt of [1, 2, 3, 4, 5]) {
      const key = `runs/2026-09-final-${attempt}/snapshot.json`;
      let writing = true;
      // Act: read again and again until the put is done, then once more.
      const reading = (async () => {
        while (writing) seen.add((await archive.find(key))?.length ?? 0);
      })();
      await archive.put(key, snapshot, 'application/json');
      writing = false;
      await reading;
      seen.add((await archive.find(key))?.length ?? 0);
    }
    // Assess
    expect([...seen].filter((length) => length !== 0 && length !== snapshot.length)).toEqual([]);
    expect(seen).toContain(snapshot.length);
  });
});
