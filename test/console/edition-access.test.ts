import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsoleServer } from '../../functions/console/local-server';
import { InMemoryOrganisationStore } from '../../functions/adapters/memory/organisation-store';
import type { Recipient } from '../../functions/core/organisation';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { readingLinkToken } from '../../functions/core/reading-link';
import { editionGatekeeper } from '../../functions/links/edition-gatekeeper';
import { lezenPage } from '../../functions/links/lezen-page';
import { localEditionGate } from '../../functions/links/local-edition-gate';
import { axeFindings, openBrowser } from './support';

/**
 * A reader in a real browser: the link from the mail, the edition, an address edited to another
 * municipality, on the console's local server (the lezen page, editionGatekeeper in front of the
 * files); the editions are stand-ins with each municipality's name.
 */
const key = Buffer.alloc(32, 7);
const DEMO = readFileSync('examples/werkzaak-rivierenland/organisatie.yaml', 'utf8');
const recipients: Recipient[] = [
  { email: 'ab@tiel.example', name: 'AB Tiel', role: 'ab-lid', municipality: 'Tiel' },
  { email: 'ab@culemborg.example', name: 'AB Culemborg', role: 'ab-lid', municipality: 'Culemborg' },
];

let server: ConsoleServer;
let base: string;
let webDir: string;
let browser: Awaited<ReturnType<typeof openBrowser>>;
const organisation = new InMemoryOrganisationStore();

beforeAll(async () => {
  await organisation.applyOrganisation(parseOrganisationFile(DEMO, 'organisatie.yaml'), null, { at: new Date().toISOString(), by: 'test' });
  await organisation.putRecipients(recipients);
  webDir = mkdtempSync(path.join(os.tmpdir(), 'rb-editie-'));
  for (const [folder, name] of [['tiel', 'Tiel'], ['culemborg', 'Culemborg'], ['organisatie', 'Werkzaak Rivierenland']] as const) {
    mkdirSync(path.join(webDir, folder), { recursive: true });
    writeFileSync(path.join(webDir, folder, 'index.html'), `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${name}</title></head><body><main><h1>Rapportage ${name}</h1><p>Uitstroom naar werk: 42</p></main></body></html>`);
  }
  const now = () => new Date();
  const lezen = lezenPage({ key: async () => key, organisation, gate: localEditionGate(async () => key, false), now });
  const gatekeeper = editionGatekeeper({ key: async () => key, organisation, now });
  // The console's own local server: the link pages without sign-in, the gatekeeper before /editie/.
  server = await startConsoleServer({ api: async () => ({ statusCode: 404, headers: {}, body: '', isBase64Encoded: false }), linkPages: { lezen }, editionRoot: webDir, editionGate: gatekeeper });
  base = server.url;
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(webDir, { recursive: true, force: true });
});

const link = (municipality: string, emails: string[]) => `${base}/lezen/${readingLinkToken(key, { municipality, emails, now: new Date() })}`;

describe('a reader of the web edition, in Chromium', () => {
  it("follows the mail's link to its own municipality's edition, and is refused Culemborg's when editing the address", async () => {
    const context = await browser.browser.createBrowserContext();
    const page = await context.newPage();
    try {
      const response = await page.goto(link('Tiel', ['ab@tiel.example']), { waitUntil: 'domcontentloaded' });
      expect(page.url()).toBe(`${base}/editie/tiel/`);
      expect(response?.status()).toBe(200);
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Rapportage Tiel');

      const other = await page.goto(`${base}/editie/culemborg/`, { waitUntil: 'domcontentloaded' });
      expect(other?.status()).toBe(403);
      const text = await page.$eval('main', (m) => m.textContent ?? '');
      // The browser does not even send Tiel's cookie to Culemborg's path.
      expect(text).toContain('alleen voor uw eigen gemeente');
      expect(text).not.toContain('Culemborg');
      expect(text).not.toContain('42');
      expect((await axeFindings(page)).all).toEqual([]);

      // The organisation's edition is open to a reader of any municipality's.
      expect((await page.goto(`${base}/editie/organisatie/`, { waitUntil: 'domcontentloaded' }))?.status()).toBe(200);
    } finally {
      await context.close();
    }
  });

  it("refuses a removed recipient's link with a Dutch page, and without a cookie the edition stays closed", async () => {
    const context = await browser.browser.createBrowserContext();
    const page = await context.newPage();
    try {
      const response = await page.goto(link('Tiel', ['weg@tiel.example']), { waitUntil: 'domcontentloaded' });
      expect(response?.status()).toBe(410);
      expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('staat niet meer op de verzendlijst van deze gemeente');
      expect((await axeFindings(page)).all).toEqual([]);
      const edition = await page.goto(`${base}/editie/tiel/`, { waitUntil: 'domcontentloaded' });
      expect(edition?.status()).toBe(403);
      expect(await page.$eval('main', (m) => m.textContent ?? '')).toContain('alleen te lezen via de link');
    } finally {
      await context.close();
    }
  });
});
