import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPrinter } from '../../functions/adapters/chromium-printer';
import { editionAssets } from '../../functions/adapters/edition-assets';
import { EditionDirectory } from '../../functions/adapters/edition-directory';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { type ConsoleServer, startConsoleServer } from '../../functions/console/local-server';
import type { Indicator } from '../../functions/core/catalogue';
import { parsePeriod } from '../../functions/core/periods';
import type { ReportModel } from '../../functions/core/report-model';
import { runFinal } from '../../functions/usecases/release';
import { runReport } from '../../functions/usecases/run-report';
import { axeFindings, openBrowser } from '../console/support';
import { tableCells } from '../support/report-text';
import { pdfText } from '../support/test-stack';
import { world } from '../usecases/support';

const september = parsePeriod('2026-09');
const july = parsePeriod('2026-07');

/**
 * The web edition of a released demo run in a real browser, as the console serves it under
 * /editie/: july–august sent earlier, september–october released now with the real renderer and
 * Chromium printer, so its PDFs are the ones mailed. One browser and one server for the file.
 */
describe('the web edition in a browser', () => {
  let dir: string;
  let server: ConsoleServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let model: ReportModel;
  let tielPdf: Uint8Array;
  const base = () => `${server.url}/editie`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rb-web-'));
    const w = await world({ at: '2026-11-09T07:00:00Z' });
    await runReport({ period: july, kind: 'final' }, w.run);
    const run = { ...w.run, renderer: new ReportRenderer(), launchPrinter: () => launchPrinter() };
    const editions = { log: w.log, archive: w.archive, publisher: new EditionDirectory(path.join(dir, 'web')), assets: editionAssets };
    const summary = await runFinal({ period: september }, 'test', { ...w.release, run, editions }, { withoutConcept: { reason: 'browsertest van de webeditie' } });
    expect(summary.edition).toMatchObject({ published: true, periods: ['2026-07', '2026-09'] });
    model = JSON.parse(Buffer.from(await w.archive.get('runs/2026-09-final/snapshot.json')).toString('utf8')).model;
    tielPdf = await w.archive.get('runs/2026-09-final/tiel.pdf');
    server = await startConsoleServer({ api: async () => ({ statusCode: 404, headers: {}, body: '', isBase64Encoded: false }), editionRoot: path.join(dir, 'web') });
    ({ browser, close: closeBrowser } = await openBrowser());
  }, 240_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `address` (below /editie/) and adds up what the page loaded, by kind. */
  async function open(page: Page, address: string): Promise<{ document: number; total: number }> {
    const sizes: { url: string; bytes: number }[] = [];
    const onResponse = async (response: import('puppeteer-core').HTTPResponse) => {
      if (response.status() === 200) sizes.push({ url: response.url(), bytes: (await response.buffer()).length });
    };
    page.on('response', onResponse);
    const response = await page.goto(`${base()}/${address}`, { waitUntil: 'networkidle0' });
    page.off('response', onResponse);
    expect(response?.status(), address).toBe(200);
    return { document: sizes.find((s) => s.url === response?.url())?.bytes ?? 0, total: sizes.reduce((a, s) => a + s.bytes, 0) };
  }

  it('passes axe (WCAG 2.1 A and AA) on every kind of page, fits 320 px and weighs under 150 KB with all it loads', async () => {
    const page = await browser.newPage();
    try {
      for (const address of ['tiel/', 'tiel/2026-07/', 'tiel/indicator/bijstand/', 'organisatie/', 'organisatie/indicator/instroom/']) {
        await page.setViewport({ width: 1280, height: 900 });
        const weight = await open(page, address);
        expect((await axeFindings(page)).all, address).toEqual([]);
        console.log(`${address}: ${(weight.document / 1024).toFixed(0)} KB, with everything it loads ${(weight.total / 1024).toFixed(0)} KB`);
        expect(weight.total, `${address} with everything it loads`).toBeLessThan(150 * 1024);
        await page.setViewport({ width: 320, height: 640 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${address} at 320 px`).toBeLessThanOrEqual(320);
      }
    } finally {
      await page.close();
    }
  }, 120_000);

  it('prints on Tiel\'s page the numbers of the tables in Tiel\'s PDF', async () => {
    const page = await browser.newPage();
    try {
      await open(page, 'tiel/2026-09/');
      const pageText = (await page.$eval('main', (m) => (m as HTMLElement).innerText)).replace(/\s+/g, ' ');
      const { text } = await pdfText(tielPdf);
      const tiel = model.paragraphs.find((p) => p.municipality === 'Tiel');
      const tables = [...(tiel?.tables ?? []).map((t) => ({ t, caption: `${t.kind} – gemeente Tiel` })), ...model.organisationPart.tables.map((t) => ({ t, caption: `${t.kind} – organisatie` }))];
      expect(tables.length).toBeGreaterThan(2);
      for (const { t, caption } of tables) {
        const rows = t.rows as unknown as Indicator[];
        expect(tableCells(pageText, caption, rows, september), caption).toEqual(tableCells(text, caption, rows, september));
      }
      for (const other of model.paragraphs.filter((p) => p.municipality !== 'Tiel')) expect(pageText).not.toContain(other.municipality);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('takes a keyboard-only reader to another period and to its CSV', async () => {
    const page = await browser.newPage();
    const downloads = path.join(dir, 'downloads');
    try {
      const session = await page.createCDPSession();
      await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await open(page, 'tiel/');
      const focusOn = async (text: string) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return;
        }
        throw new Error(`"${text}" never got the focus`);
      };
      await focusOn('juli–augustus 2026');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe('/editie/tiel/2026-07/');
      expect(await page.$eval('h1', (h) => h.textContent)).toBe('Tweemaandelijkse rapportage juli–augustus 2026');
      await focusOn('De cijfers van deze editie als CSV-bestand');
      await page.keyboard.press('Enter');
      const file = path.join(downloads, 'cijfers-tiel-2026-07.csv');
      for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
      const csv = readFileSync(file, 'utf8');
      expect(csv.startsWith('\uFEFFGebied;Indicator;')).toBe(true);
      expect(csv).toContain('gemeente Tiel;');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('leaves the period picker out of print', async () => {
    const page = await browser.newPage();
    try {
      await open(page, 'tiel/');
      await page.emulateMediaType('print');
      expect(await page.$eval('nav', (n) => getComputedStyle(n).display)).toBe('none');
    } finally {
      await page.close();
    }
  }, 30_000);
});
