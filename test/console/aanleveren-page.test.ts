import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryImportStore } from '../../functions/adapters/memory';
import { type ConsoleServer, startConsoleServer } from '../../functions/console/local-server';
import { parsePeriod } from '../../functions/core/periods';
import { aanleverenPage } from '../../functions/links/aanleveren-page';
import { type UploadDeps, deliveryLink } from '../../functions/usecases/deliveries-upload';
import { type World, world } from '../usecases/support';
import { axeFindings, openBrowser, screenshot } from './support';

/**
 * The upload page in a real browser, on the console's own local server (as `npm run console`
 * serves it), with the use case on in-memory ports.
 */
const key = Buffer.alloc(32, 9);
const SUPPLIER = 'beleidsinformatie@tiel.example';
let w: World;
let server: ConsoleServer;
let base: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let link: string;
const files = mkdtempSync(path.join(tmpdir(), 'aanleveren-'));

beforeAll(async () => {
  w = await world();
  // The sample figures were committed at the machine's time; the test's clock is earlier.
  for (const [id, record] of w.data.imports) w.data.imports.set(id, { ...record, committedAt: '2026-11-01T00:00:00.000Z' });
  const deps: UploadDeps = { store: w.store, log: w.log, imports: w.imports, audit: w.recipientStore, mailer: w.mailer, key, now: w.clock.now, newImportId: InMemoryImportStore.newImportId };
  const pages = { aanleveren: aanleverenPage(async () => deps) };
  // The console's own local server: the link pages without sign-in, beside the console's stylesheets.
  server = await startConsoleServer({ api: async () => ({ statusCode: 404, headers: {}, body: '', isBase64Encoded: false }), linkPages: pages });
  base = server.url;
  link = `${base}/aanleveren/${deliveryLink(key, { email: SUPPLIER, municipality: 'Tiel', period: parsePeriod('2026-09'), expiresAt: new Date('2026-12-06T23:00:00Z') })}`;
  ({ browser, close: closeBrowser } = await openBrowser());
});

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  rmSync(files, { recursive: true, force: true });
});

const tielValues = async () => (await w.imports.figures(['2026-09', '2026-10'])).filter((f) => f.municipality === 'Tiel' && f.indicator === 'dagbesteding').map((f) => f.value);

async function uploadFile(page: Page, name: string, text: string): Promise<void> {
  const file = path.join(files, name);
  writeFileSync(file, text);
  const input = await page.$('#bestand');
  await (input as unknown as { uploadFile(f: string): Promise<void> }).uploadFile(file);
  await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
}

async function lastMailText(): Promise<string> {
  const last = w.mailer.sent.at(-1);
  if (!last) return '';
  const parsed = await simpleParser(Buffer.from(last.raw));
  return `${parsed.subject}\n${parsed.text}`;
}

describe('the upload page of a municipality\'s own figures, in a browser', () => {
  it('shows what is asked, serves the template, accepts a good file, refuses a bad one row by row, takes typed values, and passes axe', async () => {
    const page = await browser.newPage();
    // Prepare: open the link (a GET records nothing).
    await page.goto(link, { waitUntil: 'domcontentloaded' });
    expect(await page.title()).toBe('Cijfers aanleveren – Tiel, september–oktober 2026 – Rapportbode');
    expect(await page.$eval('caption', (c) => c.textContent)).toContain('Inwoners in arbeidsmatige dagbesteding');
    expect((await axeFindings(page)).serious).toEqual([]);
    await screenshot(page, 'aanleveren');
    // The page's own policy lets it fetch nothing: the template is fetched as the link in it is followed.
    expect(await page.$eval('a[download]', (a) => a.getAttribute('href'))).toBe(`${new URL(link).pathname}/sjabloon.csv`);
    const response = await fetch(`${link}/sjabloon.csv`);
    const template = { type: response.headers.get('content-type'), text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()) };
    expect(template).toEqual({ type: 'text/csv; charset=utf-8', text: '\uFEFFgemeente;indicator;maand;waarde\r\nTiel;dagbesteding;2026-09;\r\nTiel;dagbesteding;2026-10;\r\n' });
    expect(w.mailer.sent).toEqual([]);

    // A good file: accepted, in force, mailed back.
    await uploadFile(page, 'tiel.csv', '\uFEFFgemeente;indicator;maand;waarde\r\nTiel;dagbesteding;2026-09;61\r\nTiel;dagbesteding;2026-10;62\r\n');
    expect(await page.$eval('[role=status]', (e) => e.textContent)).toContain('Dank u; uw aanlevering (tiel.csv) is verwerkt: 0 nieuw, 2 gewijzigd');
    expect(await tielValues()).toEqual([61, 62]);
    expect(await lastMailText()).toContain('aanlevering Tiel september–oktober 2026 ontvangen');

    // A bad file: refused row by row, nothing changed.
    await uploadFile(page, 'fout.csv', 'gemeente;indicator;maand;waarde\nTiel;dagbesteding;2026-09;70\nBuren;dagbesteding;2026-10;7,5\n');
    const refused = await page.$eval('[role=alert]', (e) => e.textContent ?? '');
    expect(refused).toContain('Uw aanlevering (fout.csv) is geweigerd; er is niets gewijzigd');
    expect(refused).toContain('rij 3, kolom gemeente: "Buren" is niet Tiel');
    expect(refused).toContain('rij 3, kolom waarde: 7,5 is geen geheel getal');
    expect(await tielValues()).toEqual([61, 62]);
    expect(await lastMailText()).toContain('geweigerd');
    expect((await axeFindings(page)).serious).toEqual([]);

    // Typed values: a fraction marked at its field, then whole numbers taken.
    const field = '#waarde-dagbesteding-2026-09';
    await page.$eval(field, (e) => ((e as HTMLInputElement).value = ''));
    await page.type(field, '12,5');
    await Promise.all([page.waitForNavigation(), page.click('form:not([enctype]) button[type=submit]')]);
    expect(await page.$eval(field, (e) => [e.getAttribute('aria-invalid'), (e as HTMLInputElement).value])).toEqual(['true', '12,5']);
    expect(await page.$eval('[role=alert] a', (a) => [a.getAttribute('href'), a.textContent])).toEqual(['#waarde-dagbesteding-2026-09', 'september 2026: 12,5 is geen geheel getal; dagbesteding is een aantal'.replace(/^/, 'Inwoners in arbeidsmatige dagbesteding, ')]);
    expect((await axeFindings(page)).serious).toEqual([]);
    await page.$eval(field, (e) => ((e as HTMLInputElement).value = ''));
    await page.type(field, '64');
    // Later than the file's import: the import committed last wins.
    w.clock.set('2026-11-09T08:00:00Z');
    await Promise.all([page.waitForNavigation(), page.click('form:not([enctype]) button[type=submit]')]);
    expect(await page.$eval('[role=status]', (e) => e.textContent)).toContain('(ingevuld op de pagina) is verwerkt: 0 nieuw, 1 gewijzigd, 1 ongewijzigd');
    expect(await tielValues()).toEqual([64, 62]);
    expect((await w.recipientStore.history()).map((e) => [e.actor, e.action])).toEqual([
      [SUPPLIER, 'figures delivered'],
      [SUPPLIER, 'figures delivered'],
    ]);
  });

  it('refuses a tampered link without showing the form', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${link.slice(0, -3)}abc`, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(403);
    expect(await page.$eval('[role=alert]', (e) => e.textContent)).toContain('Deze link is niet geldig');
    expect(await page.$('form')).toBeNull();
  });
});
