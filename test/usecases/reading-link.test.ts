import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localLinkKey } from '../../functions/adapters/link-key';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { readConfig } from '../../functions/adapters/config';
import { parsePeriod } from '../../functions/core/periods';
import { linkSubject, verifyLink } from '../../functions/core/personal-link';
import { resendReport } from '../../functions/usecases/resend';
import { runReport } from '../../functions/usecases/run-report';
import { readingLinks } from '../../functions/wiring/lezen-dependencies';
import { header, world } from './support';

const period = parsePeriod('2026-09');
const renderer = new ReportRenderer();

/** A local map's settings: the link key in a fresh folder, the link pages on the default address. */
function localConfig() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-lezen-'));
  return { config: readConfig({ TABLE_NAME: 'tbl', ARCHIVE_BUCKET: 'bucket', RAPPORTBODE_LINK_KEY_DIR: dir }), key: localLinkKey(dir) };
}

async function tielMail(publication: 'besloten' | 'openbaar', kind: 'final' | 'concept') {
  const { config, key } = localConfig();
  const w = await world({ renderer, config: { publication } });
  await runReport({ period, kind }, { ...w.run, readingLinks: readingLinks(config, w.clock.now) });
  const decoded = w.mailer.sent.map((m) => ({ mail: m, body: Buffer.from(m.raw).toString('utf8').replace(/=\r?\n/g, '') }));
  const found = decoded.find(({ body }) => body.includes('paragraaf voor Tiel'));
  if (!found) throw new Error('no mail for Tiel');
  return { ...found, key };
}

describe("the final's mail: Lees deze rapportage online", () => {
  it('carries, besloten, a lezen link for everyone the mail went to, on the editions’ origin', async () => {
    const { mail, key, body } = await tielMail('besloten', 'final');
    const url = /Lees deze rapportage online: (\S+)/.exec(body)?.[1] as string;
    // The token, then the mail's own period: an older mail opens its own edition, not the latest.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4380\/lezen\/v1\.[\w-]+\.[\w-]+\/2026-09$/);
    const claims = verifyLink(key, url.split('/').at(-2) as string, new Date('2026-11-09T08:00:00Z'), 'lezen');
    expect(claims.scope).toBe('tiel');
    const addressed = [...header(mail, 'To').split(/,\s*/), ...header(mail, 'Cc').split(/,\s*/)].map((a) => /<?([^<>\s]+@[^<>\s]+)>?$/.exec(a.trim())?.[1] as string);
    expect(claims.subject.split(',').sort()).toEqual([...new Set(addressed.map(linkSubject))].sort());
    expect(body).toContain('De link is voor de ontvangers van deze mail; stuur hem niet door.');
    expect(body).toContain('>Lees deze rapportage online</a>');
  });

  it('carries, openbaar, the edition’s plain address', async () => {
    const { body } = await tielMail('openbaar', 'final');
    expect(body).toContain('Lees deze rapportage online: http://127.0.0.1:4380/editie/tiel/2026-09/');
    expect(body).not.toContain('/lezen/');
    expect(body).not.toContain('stuur hem niet door');
  });

  it('is in a re-sent final too, made for the address it goes to now', async () => {
    const { config, key } = localConfig();
    const w = await world({ renderer });
    const summary = await runReport({ period, kind: 'final' }, { ...w.run, readingLinks: readingLinks(config, w.clock.now) });
    await resendReport(
      { runId: summary.runId, municipality: 'Tiel', to: 'ab-lid-1@tiel.example', requestId: 'r1', requestedBy: 'test' },
      { ...w.resend, readingLinks: readingLinks(config, w.clock.now) },
    );
    const resent = w.mailer.sent.at(-1);
    const body = Buffer.from(resent?.raw ?? []).toString('utf8').replace(/=\r?\n/g, '');
    const token = /Lees deze rapportage online: \S+\/lezen\/([^\s/]+)/.exec(body)?.[1] as string;
    expect(verifyLink(key, token, new Date('2026-11-09T08:00:00Z'), 'lezen').subject).toBe(linkSubject('ab-lid-1@tiel.example'));
  });

  it('is not in a concept', async () => {
    const { body } = await tielMail('besloten', 'concept');
    expect(body).not.toContain('Lees deze rapportage online');
    expect(body).not.toContain('/lezen/');
  });
});
