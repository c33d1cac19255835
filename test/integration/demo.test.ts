import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionSlug } from '../../functions/core/edition-site';
import { sampleRecipients } from '../../functions/local/sample-data';
import { testOrganisation } from '../support/organisation';
import { type StoredMail, type TestStack, addresses, pdfText, runCli, scanTable, sesStore, startCli, startTestStack } from '../support/test-stack';

/** What `demo` applies when no --organisation is given: the demo file. */
const organisation = testOrganisation();
const recipients = sampleRecipients(organisation);
const participating = organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name);

describe('npm run demo: a complete bimonthly mailing on the embedded stack', () => {
  let stack: TestStack;
  let demo: Awaited<ReturnType<typeof runCli>>;
  let mails: StoredMail[];

  beforeAll(async () => {
    // Prepare: emulators started by the test, handed to the CLI through AWS_ENDPOINT_URL_*.
    stack = await startTestStack('rb-demo');
    // Act
    // Started exactly as an operator does (the package's bin through tsx), not from the test bundle.
    demo = await runCli(['demo', '--period', '2026-09', '--dir', path.join(stack.dir, 'work')], stack.env, { asOperator: true });
    mails = await sesStore(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('exits 0 and prints where to look', () => {
    expect(demo.stderr).not.toMatch(/rapportbode: /);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('voltooid');
    expect(demo.stdout).toContain('outbox');
  });

  it('publishes the released run as the web edition and says where one municipality\'s edition is', () => {
    const first = participating[0] as string;
    const page = path.join(stack.dir, 'work', 'web', editionSlug(first), 'index.html');
    expect(demo.stdout).toContain('Webeditie bijgewerkt: 1 periode (2026-09 t/m 2026-09)');
    expect(demo.stdout).toContain(`De webeditie van ${first}: ${page}`);
    expect(readFileSync(page, 'utf8')).toContain(`Gemeentespecifieke paragraaf ${first}`);
  });

  it('sends exactly one mail per participating municipality and none to Neder-Betuwe', () => {
    expect(mails).toHaveLength(7);
    const all = mails.flatMap((m) => addresses([...m.destination.to, ...m.destination.cc]));
    expect(all.some((a) => a.endsWith('@neder-betuwe.example'))).toBe(false);
  });

  it.each(participating)('addresses %s to its AB-leden with its beleidsmedewerkers in cc', (municipality) => {
    const mail = mails.find((m) => m.subject.includes(` – ${municipality} – `));
    expect(mail, `mail for ${municipality}`).toBeDefined();
    const own = recipients.filter((r) => r.municipality === municipality);
    expect(addresses(mail?.destination.to ?? [])).toEqual(own.filter((r) => r.role === 'ab-lid').map((r) => r.email).sort());
    expect(addresses(mail?.destination.cc ?? [])).toEqual(own.filter((r) => r.role === 'beleidsmedewerker').map((r) => r.email).sort());
    expect(mail?.subject).toBe(`Tweemaandelijkse rapportage Werkzaak Rivierenland – ${municipality} – september–oktober 2026`);
    expect(mail?.body.text).toContain('Uitstroom naar werk');
    expect(mail?.body.html).toContain('Uitstroom naar werk');
  });

  it.each(participating)('attaches a PDF to %s with the organisation part and only its own paragraph', async (municipality) => {
    const mail = mails.find((m) => m.subject.includes(` – ${municipality} – `));
    const pdfs = mail?.attachments.filter((a) => a.contentType === 'application/pdf') ?? [];
    expect(pdfs).toHaveLength(1);
    const { text, pages } = await pdfText(Buffer.from(pdfs[0]?.content ?? '', 'base64'));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('september–oktober 2026');
    for (const indicator of organisation.indicators) expect(text).toContain(indicator.label);
    expect(text).toContain(`Gemeentespecifieke paragraaf ${municipality}`);
    expect(text).toMatch(/geen relatie tussen de gemeentespecifieke kengetallen en de financiële afrekening/);
    for (const other of organisation.municipalities.map((m) => m.name).filter((n) => n !== municipality)) {
      // "Tiel" is no part of any other name, nor "Buren" etc., so a plain search is exact enough.
      expect(text, `${municipality}'s PDF names ${other}`).not.toContain(other);
    }
    expect(text).not.toContain('€');
  });

  it('records every delivery as sent with its SES message id', async () => {
    const items = await scanTable(stack.names.tableName);
    const deliveries = items.filter((i) => String(i.sk).startsWith('DELIVERY#'));
    expect(deliveries).toHaveLength(7);
    expect(new Set(deliveries.map((d) => d.sesMessageId))).toEqual(new Set(mails.map((m) => m.messageId)));
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true);
    const run = items.find((i) => i.pk === 'RUN#2026-09-final' && i.sk === 'RUN');
    expect(run?.status).toBe('completed');
  });

  it('keeps each mail once, in the run\'s outbox folder, named by municipality with its PDF beside it', () => {
    const outbox = path.join(stack.dir, 'work', 'outbox');
    expect(readdirSync(outbox)).toEqual(['2026-09-final']);
    const files = readdirSync(path.join(outbox, '2026-09-final')).sort();
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(7);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(7);
    expect(readFileSync(path.join(outbox, '2026-09-final', 'tiel.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(demo.stdout).toContain(`Mails en PDF's per gemeente: ${path.join(outbox, '2026-09-final')}`);
    const eml = readFileSync(path.join(outbox, '2026-09-final', 'tiel.eml'), 'utf8');
    expect(eml).toMatch(/^To: .*ab-lid-1@tiel\.example/m);
    expect(eml).toContain('Content-Type: application/pdf');
  });
});

describe('npm run demo -- --open-houden: the pages the mails link to, until Ctrl-C', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('rb-demo-open');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("prints a reader's way into one municipality's edition, which opens that edition and no other", async () => {
    // Prepare: the link pages on a free port, as LINK_PAGES_URL names it.
    const port = await freePort();
    const cli = startCli(['demo', '--period', '2026-09', '--dir', path.join(stack.dir, 'work'), '--open-houden'], { ...stack.env, LINK_PAGES_URL: `http://127.0.0.1:${port}` });
    try {
      await cli.waitForOutput('zoals de lezers uit de mail binnenkomen: ');
      const printed = /zoals de lezers uit de mail binnenkomen: (\S+)\n/;
      for (let i = 0; i < 50 && !printed.test(cli.output()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const [, link = ''] = printed.exec(cli.output()) ?? [];
      // Act
      const entered = await fetch(link, { redirect: 'manual' });
      const cookie = (entered.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
      const own = await fetch(new URL(entered.headers.get('location') ?? '', link), { headers: { cookie } });
      const other = await fetch(`http://127.0.0.1:${port}/editie/${editionSlug(participating[1] as string)}/`, { headers: { cookie } });
      // Assess
      expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/lezen/v1\\.`));
      expect(entered.status).toBe(303);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain(`Gemeentespecifieke paragraaf ${participating[0]}`);
      expect(other.status).toBe(403);
    } finally {
      cli.child.kill('SIGINT');
      await cli.result;
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
