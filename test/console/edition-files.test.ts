import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveEditionFile } from '../../functions/console/edition-files';

describe('serving the web edition from the map\'s web/ folder', () => {
  let dir: string;
  let root: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rb-editie-'));
    root = path.join(dir, 'web');
    mkdirSync(path.join(root, 'tiel', '2026-09'), { recursive: true });
    writeFileSync(path.join(root, 'tiel', 'index.html'), '<h1>Tiel</h1>');
    writeFileSync(path.join(root, 'tiel', '2026-09', 'cijfers.csv'), '\uFEFFGebied;Waarde\r\n');
    // Beside the edition, where a crafted address could try to reach.
    writeFileSync(path.join(dir, 'link-key'), 'GEHEIM');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a folder\'s index.html, and sends a folder without its slash to it (relative links need it)', async () => {
    const page = await serveEditionFile(root, '/tiel/');
    expect(page).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(String(page.body)).toBe('<h1>Tiel</h1>');
    expect(await serveEditionFile(root, '/tiel')).toMatchObject({ status: 301, location: 'tiel/' });
  });

  it('offers the CSV as a download', async () => {
    expect(await serveEditionFile(root, '/tiel/2026-09/cijfers.csv')).toMatchObject({ status: 200, contentType: 'text/csv; charset=utf-8', headers: expect.objectContaining({ 'content-disposition': 'attachment' }) });
  });

  it('never reads outside the folder, however the address is written', async () => {
    for (const address of ['/../link-key', '/tiel/../../link-key', '/%2e%2e/link-key', '/tiel/..%2f..%2flink-key', '/tiel%5c..%5c..%5clink-key']) {
      const answer = await serveEditionFile(root, address);
      expect(answer.status, address).toBe(404);
      expect(String(answer.body), address).not.toContain('GEHEIM');
    }
    expect((await serveEditionFile(root, '/%zz')).status).toBe(400);
  });
});
