import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIN_LINK_KEY_BYTES } from '../core/personal-link';

/** The file in a map (`--map`) that keeps the local stack's key for personal links. */
export const LINK_KEY_FILE = 'link-key';

/**
 * The key that signs personal links on the local stack: made once per map, on first use, and kept
 * there (readable by its owner only), so links in mails keep working across restarts of the console.
 * Two processes starting at once get the same key: only one creates the file (`wx`), the other reads it.
 * In AWS the key comes from Secrets Manager (LINK_KEY_SECRET_SETTING), not from here.
 */
export function localLinkKey(dir: string): Buffer {
  const file = path.join(dir, LINK_KEY_FILE);
  try {
    writeFileSync(file, randomBytes(MIN_LINK_KEY_BYTES).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (key.length < MIN_LINK_KEY_BYTES) throw new Error(`${file} holds no usable link key (${key.length} bytes); remove it to make a new one (links already mailed stop working)`);
  return key;
}
