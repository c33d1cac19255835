import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EditionBucket } from '../../functions/adapters/edition-bucket';
import { EditionDirectory } from '../../functions/adapters/edition-directory';
import { InMemoryEditionPublisher } from '../../functions/adapters/memory/edition-publisher';
import { ArchiveStore } from '../../functions/adapters/s3-archive';
import type { EditionFile, EditionPublisher } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A publisher and how to read back what it published (undefined: not published). */
type Subject = { publisher: EditionPublisher; read(path: string): Promise<string | undefined> };
const subjects: { name: string; make(): Promise<Subject> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const publisher = new InMemoryEditionPublisher();
      return { publisher, read: async (p) => publisher.text(p) };
    },
  },
  {
    name: 'folder',
    make: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'rb-web-contract-'));
      dirs.push(dir);
      const root = path.join(dir, 'web');
      return { publisher: new EditionDirectory(root), read: (p) => readFile(path.join(root, p), 'utf8').catch(() => undefined) };
    },
  },
  {
    name: 'S3 (s3rver)',
    make: async () => {
      const bucket = await emulators.bucket();
      const archive = new ArchiveStore(bucket);
      return { publisher: new EditionBucket(bucket), read: async (p) => ((await archive.find(p)) ? new TextDecoder().decode(await archive.find(p)) : undefined) };
    },
  },
];

const file = (path: string, text: string): EditionFile => ({ path, bytes: new TextEncoder().encode(text), contentType: path.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' });

describe.each(subjects)('EditionPublisher: $name', ({ make }) => {
  it('publishes every file as given', async () => {
    // Prepare
    const { publisher, read } = await make();
    // Act
    await publisher.publish([file('tiel/index.html', '<h1>Tiel – één</h1>'), file('tiel/2026-09/index.html', 'september'), file('assets/editie.css', 'body{}')]);
    // Assess
    expect(await read('tiel/index.html')).toBe('<h1>Tiel – één</h1>');
    expect(await read('tiel/2026-09/index.html')).toBe('september');
    expect(await read('assets/editie.css')).toBe('body{}');
  });

  it('replaces the whole site: what the next publish leaves out is gone', async () => {
    // Prepare
    const { publisher, read } = await make();
    await publisher.publish([file('tiel/index.html', 'juli'), file('buren/index.html', 'buren'), file('assets/editie.css', 'oud')]);
    // Act
    await publisher.publish([file('tiel/index.html', 'september'), file('assets/editie.css', 'nieuw')]);
    // Assess
    expect(await read('tiel/index.html')).toBe('september');
    expect(await read('buren/index.html')).toBeUndefined();
    expect(await read('assets/editie.css')).toBe('nieuw');
  });

  it('keeps the published assets when a publish brings none', async () => {
    // Prepare
    const { publisher, read } = await make();
    await publisher.publish([file('tiel/index.html', 'juli'), file('assets/editie.css', 'body{}')]);
    // Act
    await publisher.publish([file('tiel/index.html', 'september')]);
    // Assess
    expect(await read('tiel/index.html')).toBe('september');
    expect(await read('assets/editie.css')).toBe('body{}');
  });
});
