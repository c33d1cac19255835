import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/adapters/config';
import { localLinkKey } from '../../functions/adapters/link-key';
import { verifyLink } from '../../functions/core/personal-link';
import { readingLinks } from '../../functions/wiring/lezen-dependencies';

const now = new Date('2026-11-09T08:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('the address a final’s mail reads the edition at', () => {
  it('in AWS: the open address on the editions’ CloudFront domain (WEB_URL), and no lezen link without a link key', async () => {
    const config = readConfig({ TABLE_NAME: 'tbl', ARCHIVE_BUCKET: 'bucket', WEB_URL: 'https://d111111abcdef8.cloudfront.net', LINK_PAGES_URL: 'https://links.example.org' });
    const links = readingLinks(config, () => now);
    expect(await links.forMail({ municipality: 'West Maas en Waal', emails: ['a@b.example'], publication: 'openbaar' })).toEqual({ url: 'https://d111111abcdef8.cloudfront.net/west-maas-en-waal/', personal: false });
    // No link rather than one nobody can check.
    expect(await links.forMail({ municipality: 'Tiel', emails: ['a@b.example'], publication: 'besloten' })).toBeUndefined();
  });

  it('names the mail’s own period, so an older mail does not open a later edition', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-key-'));
    const aws = readingLinks(readConfig({ TABLE_NAME: 'tbl', ARCHIVE_BUCKET: 'bucket', WEB_URL: 'https://d111111abcdef8.cloudfront.net' }), () => now);
    expect((await aws.forMail({ municipality: 'Tiel', period: '2026-09', emails: ['a@b.example'], publication: 'openbaar' }))?.url).toBe('https://d111111abcdef8.cloudfront.net/tiel/2026-09/');
    const local = readingLinks(readConfig({ TABLE_NAME: 'tbl', ARCHIVE_BUCKET: 'bucket', RAPPORTBODE_LINK_KEY_DIR: dir }), () => now);
    expect((await local.forMail({ municipality: 'Tiel', period: '2026-09', emails: ['a@b.example'], publication: 'besloten' }))?.url).toMatch(/^http:\/\/127\.0\.0\.1:4380\/lezen\/v1\.[^/]+\/2026-09$/);
  });

  it('locally: the console’s /lezen, signed with the map’s key, working for a year', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-key-'));
    const config = readConfig({ TABLE_NAME: 'tbl', ARCHIVE_BUCKET: 'bucket', RAPPORTBODE_LINK_KEY_DIR: dir });
    const reading = await readingLinks(config, () => now).forMail({ municipality: 'Tiel', emails: ['a@b.example'], publication: 'besloten' });
    expect(reading?.url).toMatch(/^http:\/\/127\.0\.0\.1:4380\/lezen\/v1\./);
    const token = reading?.url.split('/').at(-1) as string;
    expect(verifyLink(localLinkKey(dir), token, days(365), 'lezen').scope).toBe('tiel');
    expect(() => verifyLink(localLinkKey(dir), token, days(367), 'lezen')).toThrow('verlopen');
  });
});
