import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { launchBrowser } from '../../functions/adapters/chromium-printer';

/** Where `npm run screenshots` leaves a screenshot of each page; the README shows them. */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../docs/console');

/** One headless Chromium for a test file (the project's @sparticuz/chromium), closed by pid if close hangs. */
export async function openBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await launchBrowser();
  const pid = browser.process()?.pid;
  return {
    browser,
    close: async () => {
      const closed = await Promise.race([browser.close().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
      if (!closed && pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It exited after all.
        }
      }
    },
  };
}

/** Waits until the page's script has loaded its data (app.js sets body[data-klaar]). */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-klaar]', { timeout: 30_000 });
}

/** Signs in at the local provider's login page as `login` (any password) and lands on the console. */
export async function signIn(page: Page, consoleUrl: string, login: string): Promise<void> {
  await page.goto(`${consoleUrl}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#inloggen:not([hidden])', { visible: true });
  await Promise.all([page.waitForNavigation(), page.click('#inloggen')]);
  await page.waitForSelector('input[name=login]');
  await page.type('input[name=login]', login);
  await page.type('input[name=password]', 'geheim');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await ready(page);
}

/** Opens one of the console's pages (signed in already: the token is in session storage). */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await ready(page);
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core on the page as it is, WCAG 2.1 A and AA rules: the serious and critical findings. */
export async function axeFindings(page: Page): Promise<{ serious: AxeFinding[]; all: AxeFinding[] }> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    // biome-ignore lint: axe is injected above
    (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const all = results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
  return { serious: all.filter((v) => v.impact === 'serious' || v.impact === 'critical'), all };
}

/**
 * Saves the page as the README shows it, with `npm run screenshots` (RAPPORTBODE_SCREENSHOTS=1); an
 * ordinary test run leaves the files alone (a full-page PNG costs Chromium CPU, and the run would
 * change them in the working tree every time).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.RAPPORTBODE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The text of the page's message area (ok, warning, error), once one is there. */
export async function message(page: Page, kind?: 'ok' | 'error' | 'warning' | 'info'): Promise<string> {
  const selector = kind ? `#meldingen .utrecht-alert--${kind}` : '#meldingen .utrecht-alert';
  await page.waitForSelector(selector, { timeout: 60_000 });
  return page.$eval(selector, (e) => e.textContent ?? '');
}

/** Calls the API from inside the page, with the page's own token (or none), as a script would. */
export async function callApi(page: Page, method: string, path: string, body?: unknown, options: { token?: 'own' | 'none' | string } = {}): Promise<{ status: number; body: string; type: string }> {
  return page.evaluate(
    async (method, path, body, tokenChoice) => {
      const stored = JSON.parse(sessionStorage.getItem('rapportbode.token') ?? 'null') as { accessToken?: string } | null;
      const token = tokenChoice === 'own' ? stored?.accessToken : tokenChoice === 'none' ? undefined : tokenChoice;
      const response = await fetch(path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // The body as sent, a BOM included.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
      return { status: response.status, body: text, type: response.headers.get('content-type') ?? '' };
    },
    method,
    path,
    body,
    options.token ?? 'own',
  );
}

/** Chooses a file in a file input, as an operator does with the file dialog. */
export async function upload(page: Page, selector: string, file: string): Promise<void> {
  const input = (await page.$(selector)) as ElementHandle<HTMLInputElement> | null;
  if (!input) throw new Error(`no file input ${selector}`);
  await input.uploadFile(file);
}
