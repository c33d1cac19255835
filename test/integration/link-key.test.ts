import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LINK_KEY_FILE, localLinkKey } from '../../functions/adapters/link-key';

describe('the local key for personal links', () => {
  const dirs: string[] = [];
  const map = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-link-key-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is made once per map, kept there for its owner only, and the same on every later use', () => {
    const dir = map();
    const first = localLinkKey(dir);
    expect(first).toHaveLength(32);
    expect(localLinkKey(dir).equals(first)).toBe(true);
    expect(statSync(path.join(dir, LINK_KEY_FILE)).mode & 0o077).toBe(0);
    expect(localLinkKey(map()).equals(first)).toBe(false);
  });
});
