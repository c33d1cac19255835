import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Jimp, JimpMime } from 'jimp';
import type { BrowserContext, HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/adapters/config';
import { DeliveryLog } from '../../functions/adapters/delivery-log';
import { RecipientStore } from '../../functions/adapters/recipient-store';
import { type LocalConsole, startLocalConsole } from '../../functions/console/local-console';
import { seedWhenEmpty } from '../../functions/console/seed';
import { formatMonthKey, lastCompletePeriod, periodId } from '../../functions/core/periods';
import { runReportDeps } from '../../functions/wiring/dependencies';
import { runConcept } from '../../functions/usecases/release';
import { testOrganisation } from '../support/organisation';
import { type TestStack, startTestStack } from '../support/test-stack';
import { axeFindings, callApi, message, openBrowser, openPage, ready, signIn, upload } from './support';

const organisation = testOrganisation();
const now = new Date();
const lastPeriod = lastCompletePeriod(now, organisation.periodLength);
const period = periodId(lastPeriod);
const indicator = organisation.indicators[0]?.id as string;
const thisMonth = formatMonthKey(now.getUTCFullYear(), now.getUTCMonth() + 1);

/** Where a request went: anything but loopback is a request that leaves the machine. */
const leavesLoopback = (url: string) => !/^(data|blob):/.test(url) && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * The console's defects of issue 23, each as an operator meets it in a real browser: the embedded
 * stack, the local OpenID Connect provider, the console server and the project's Chromium.
 */
describe('the web console, as issue 23 found it', () => {
  let stack: TestStack;
  let app: LocalConsole;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const url = (p: string) => `${app.url}${p}`;

  /** A fresh browser context (no session at the provider) with its requests recorded. */
  async function freshPage(): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
    const context = await browser.browser.createBrowserContext();
    const fresh = await context.newPage();
    await fresh.setViewport({ width: 1280, height: 900 });
    const requests: string[] = [];
    fresh.on('request', (r: HTTPRequest) => requests.push(r.url()));
    return { context, page: fresh, requests };
  }

  /** The provider's sign-in form: a name (any password) and submit. */
  async function signInAt(target: Page, login: string): Promise<void> {
    await target.waitForSelector('input[name=login]');
    await target.type('input[name=login]', login);
    await target.type('input[name=password]', 'geheim');
    await Promise.all([target.waitForNavigation(), target.click('button[type=submit]')]);
  }

  beforeAll(async () => {
    stack = await startTestStack('rb-console-23');
    Object.assign(process.env, { TABLE_NAME: stack.names.tableName, ARCHIVE_BUCKET: stack.names.archiveBucket, INGEST_BUCKET: stack.names.ingestBucket, MAX_SEND_RATE: '50' });
    await seedWhenEmpty(now);
    app = await startLocalConsole({ securityLog: () => undefined });
    browser = await openBrowser();
    page = await browser.browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signIn(page, app.url, 'beheerder.jansen');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stack?.close();
  });

  it('signs in on a Dutch page of its own that passes axe and sends nothing beyond loopback, back on the page the operator started from', async () => {
    // Prepare
    const { context, page: fresh, requests } = await freshPage();
    try {
      await fresh.goto(url('/ontvangers.html'), { waitUntil: 'domcontentloaded' });
      await fresh.waitForSelector('#inloggen', { visible: true });
      // Act
      await Promise.all([fresh.waitForNavigation(), fresh.click('#inloggen')]);
      await fresh.waitForSelector('input[name=login]');
      const signInPage = await fresh.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        labels: [...document.querySelectorAll('label')].map((l) => l.textContent?.trim()),
        button: document.querySelector('button[type=submit]')?.textContent?.trim(),
      }));
      const axe = await axeFindings(fresh);
      await signInAt(fresh, 'beheerder.jansen');
      await ready(fresh);
      // Assess
      expect(signInPage).toEqual({ lang: 'nl', title: 'Inloggen – Rapportbode', labels: ['Gebruikersnaam', 'Wachtwoord'], button: 'Inloggen' });
      expect(axe.all).toEqual([]);
      expect(requests.filter(leavesLoopback)).toEqual([]);
      expect(new URL(fresh.url()).pathname).toBe('/ontvangers.html');
    } finally {
      await context.close();
    }
  });

  it('returns after sign-in only to a page of the console: a way back to //evil.example/ lands on the Overzicht', async () => {
    // Prepare: the way back as the console stored it when it was opened at //evil.example/.
    const { context, page: fresh, requests } = await freshPage();
    try {
      await fresh.evaluateOnNewDocument(() => {
        const pending = sessionStorage.getItem('rapportbode.login');
        if (pending && location.search.includes('code=')) sessionStorage.setItem('rapportbode.login', JSON.stringify({ ...JSON.parse(pending), back: '//evil.example/' }));
      });
      await fresh.setRequestInterception(true);
      fresh.on('request', (r: HTTPRequest) => (leavesLoopback(r.url()) ? r.abort() : r.continue()));
      const direct = await fresh.goto(url('//evil.example/'), { waitUntil: 'domcontentloaded' });
      const directText = await fresh.evaluate(() => document.body.textContent ?? '');
      await fresh.goto(url('/'), { waitUntil: 'domcontentloaded' });
      await fresh.waitForSelector('#inloggen', { visible: true });
      // Act
      await Promise.all([fresh.waitForNavigation(), fresh.click('#inloggen')]);
      await signInAt(fresh, 'beheerder.jansen');
      await ready(fresh).catch(() => undefined);
      // Assess
      expect(direct?.status()).toBe(404);
      expect(directText).toContain('Dit adres hoort niet bij de console');
      expect(requests.filter(leavesLoopback)).toEqual([]);
      expect(fresh.url()).toBe(url('/'));
    } finally {
      await context.close();
    }
  });

  it('lists commentary, images and figures changed in the console in the Logboek, under the operator, and keeps the focus off <body> after a removal', async () => {
    // Prepare
    const image = path.join(stack.dir, 'dashboard.png');
    writeFileSync(image, await new Jimp({ width: 400, height: 300, color: 0x01689bff }).getBuffer(JimpMime.png));
    const figures = path.join(stack.dir, 'cijfers-23.csv');
    writeFileSync(figures, `gemeente;indicator;maand;waarde\nTiel;${indicator};${thisMonth};12\n`);
    await openPage(page, url('/cijfers.html'));
    // Act: commentary, an image added and taken out, figures imported.
    await page.$eval('#toelichting-tekst', (e) => {
      (e as HTMLTextAreaElement).value = 'De instroom daalde.';
    });
    await page.click('#toelichting button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#meldingen')?.textContent?.includes('is vastgelegd'));
    await upload(page, '#afbeelding-bestand', image);
    await page.type('#afbeelding-alt', 'Dashboard van de instroom');
    await page.type('#afbeelding-bron', 'Eigen dashboard');
    await page.click('#afbeelding button[type=submit]');
    await page.waitForSelector('button[aria-label="Uit het rapport halen: Dashboard van de instroom"]');
    await page.click('button[aria-label="Uit het rapport halen: Dashboard van de instroom"]');
    await page.click('dialog[open] [data-bevestig]');
    await page.waitForFunction(() => document.querySelector('#meldingen')?.textContent?.includes('uit het rapport van'));
    const focusAfterRemoval = await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement?.textContent));
    await upload(page, '#cijfers-bestand', figures);
    await page.click('#cijfers button[type=submit]');
    // The live region still holds the removal's message: wait for the import's own.
    await page.waitForFunction(() => document.querySelector('#meldingen')?.textContent?.includes('cijfers-23.csv is ingelezen'), { timeout: 60_000 });
    await openPage(page, url('/logboek.html'));
    await page.waitForSelector('#regels tbody tr');
    const rows = await page.$$eval('#regels tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const history = await new RecipientStore(stack.names.tableName).history();
    // Assess
    const shown = (label: string) => rows.filter((r) => r.includes(label) && r.includes('beheerder.jansen'));
    for (const label of ['toelichting vastgelegd', 'afbeelding toegevoegd', 'afbeelding verwijderd', 'cijfers ingelezen']) expect(shown(label), label).toHaveLength(1);
    expect(history.filter((e) => ['commentary set', 'image added', 'image removed', 'figures imported'].includes(e.action)).map((e) => e.actor)).toEqual(Array(4).fill('beheerder.jansen'));
    expect(focusAfterRemoval).toContain('uit het rapport van');
  });

  it('offers the newest concept, sent from the CLI after the cycle’s, and releases it; the message comes in the live region that was there at load, with the focus on it', async () => {
    // Prepare: a second concept, as `rapportbode run --concept` sends it.
    const config = readConfig();
    const second = await runConcept({ period: lastPeriod }, runReportDeps(config), new DeliveryLog(config.TABLE_NAME));
    await openPage(page, url('/'));
    const region = await page.evaluate(() => {
      const area = document.getElementById('meldingen');
      (area as HTMLElement & { vanAf?: boolean }).vanAf = true;
      return { role: area?.getAttribute('role'), live: area?.getAttribute('aria-live'), empty: area?.childElementCount === 0 };
    });
    // Act
    const [release] = await page.$$(`xpath/.//button[contains(., "${second.runId} vrijgeven")]`);
    if (!release) throw new Error(`the Overzicht offers no button "${second.runId} vrijgeven"`);
    await release.click();
    await page.waitForSelector('dialog[open]');
    // Sent a moment ago, so in review: the release asks a reason, then the confirm button.
    await page.keyboard.type('nieuw concept, AB vergadert morgen');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const done = await message(page, 'ok');
    await page.waitForFunction(() => document.getElementById('perioden')?.textContent?.includes('vrijgegeven'), { timeout: 60_000 });
    const after = await page.evaluate(() => ({
      sameRegion: (document.getElementById('meldingen') as HTMLElement & { vanAf?: boolean }).vanAf === true,
      focus: document.activeElement === document.body ? 'body' : (document.activeElement?.closest('#meldingen') ? 'melding' : document.activeElement?.tagName),
    }));
    // Assess
    expect(second.runId).toBe(`${period}-concept-2`);
    expect(region).toEqual({ role: 'status', live: 'polite', empty: true });
    expect(done).toContain(`De definitieve versie ${period}-final`);
    expect(after).toEqual({ sameRegion: true, focus: 'melding' });
    expect(await new DeliveryLog(stack.names.tableName).run(`${period}-final`)).toMatchObject({ status: 'completed', releasedFrom: second.runId });
  });

  it('marks each wrong field of a new recipient, with an error summary linking to it in the console’s words; select boxes show they open', async () => {
    // Prepare
    await openPage(page, url('/ontvangers.html'));
    // Act
    await page.select('#nieuw-gemeente', 'Tiel');
    await page.select('#nieuw-rol', 'ab-lid');
    await page.type('#nieuw-email', 'geen-adres');
    await page.click('#toevoegen button[type=submit]');
    await page.waitForSelector('#meldingen .rb-error-summary');
    const shown = await page.evaluate(() => {
      const field = (id: string) => {
        const input = document.getElementById(id);
        const described = input?.getAttribute('aria-describedby');
        return { invalid: input?.getAttribute('aria-invalid') ?? null, message: described ? document.getElementById(described)?.textContent : null };
      };
      return {
        summary: document.querySelector('#meldingen .rb-error-summary')?.textContent ?? '',
        links: [...document.querySelectorAll('#meldingen .rb-error-summary a')].map((a) => a.getAttribute('href')),
        focused: document.activeElement?.classList.contains('rb-error-summary') ?? false,
        naam: field('nieuw-naam'),
        email: field('nieuw-email'),
        gemeente: field('nieuw-gemeente'),
        arrow: getComputedStyle(document.getElementById('nieuw-rol') as HTMLElement).backgroundImage,
      };
    });
    const axe = await axeFindings(page);
    // Assess
    expect(shown.links).toEqual(['#nieuw-naam', '#nieuw-email']);
    expect(shown.focused).toBe(true);
    expect(shown.naam).toEqual({ invalid: 'true', message: expect.stringMatching(/^Naam: /) });
    expect(shown.email).toEqual({ invalid: 'true', message: expect.stringMatching(/^E-mailadres: /) });
    expect(shown.gemeente).toEqual({ invalid: null, message: null });
    expect(shown.summary).toContain('Er is een probleem');
    expect(shown.summary).not.toMatch(/--|rapportbode /);
    expect(shown.arrow).toMatch(/^url\(/);
    expect(axe.serious).toEqual([]);
  });

  it('marks each wrong field of a new image in the console’s words, and adds nothing', async () => {
    // Prepare
    const image = path.join(stack.dir, 'grafiek.png');
    writeFileSync(image, await new Jimp({ width: 200, height: 100, color: 0x00734dff }).getBuffer(JimpMime.png));
    await openPage(page, url('/cijfers.html'));
    const before = await callApi(page, 'GET', `/api/afbeeldingen?periode=${period}`);
    // Act: the paragraph of one municipality without a municipality, and no alt text.
    await upload(page, '#afbeelding-bestand', image);
    await page.select('#afbeelding-sectie', 'gemeente');
    await page.type('#afbeelding-bron', 'Eigen dashboard');
    await page.click('#afbeelding button[type=submit]');
    await page.waitForSelector('#meldingen .rb-error-summary');
    const shown = await page.evaluate(() => ({
      summary: document.querySelector('#meldingen .rb-error-summary')?.textContent ?? '',
      links: [...document.querySelectorAll('#meldingen .rb-error-summary a')].map((a) => a.getAttribute('href')),
      invalid: [...document.querySelectorAll('#afbeelding [aria-invalid="true"]')].map((e) => e.id),
      described: [...document.querySelectorAll('#afbeelding [aria-invalid="true"]')].map((e) => document.getElementById(e.getAttribute('aria-describedby') ?? '')?.textContent),
    }));
    const after = await callApi(page, 'GET', `/api/afbeeldingen?periode=${period}`);
    // Assess
    expect(shown.links.sort()).toEqual(['#afbeelding-alt', '#afbeelding-gemeente']);
    expect(shown.invalid.sort()).toEqual(['afbeelding-alt', 'afbeelding-gemeente']);
    expect(shown.described).toEqual(expect.arrayContaining(['Het tekstalternatief is leeg', 'Kies bij de paragraaf van één gemeente welke gemeente het is.']));
    expect(shown.summary).not.toMatch(/--|rapportbode /);
    expect(JSON.parse(after.body).afbeeldingen).toEqual(JSON.parse(before.body).afbeeldingen);
  });

  it('warns before the session ends and extends it without leaving the page', async () => {
    // Prepare: a session with four minutes left.
    await openPage(page, url('/cijfers.html'));
    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rapportbode.token') ?? '{}') as { accessToken: string });
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem('rapportbode.token') ?? '{}');
      sessionStorage.setItem('rapportbode.token', JSON.stringify({ ...stored, expiresAt: Date.now() + 4 * 60_000 }));
    });
    await openPage(page, url('/cijfers.html'));
    // Act
    await page.waitForSelector('#sessie-waarschuwing');
    const warning = await page.$eval('#sessie-waarschuwing', (e) => e.textContent ?? '');
    await page.click('#sessie-verlengen');
    const extended = await message(page, 'ok');
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rapportbode.token') ?? '{}') as { accessToken: string; expiresAt: number });
    const api = await callApi(page, 'GET', '/api/me');
    // Assess
    expect(warning).toMatch(/Uw aanmelding verloopt om \d{1,2}:\d{2}/);
    expect(extended).toContain('U blijft ingelogd');
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(api.status).toBe(200);
  });

  it('gives back the commentary being typed when the session ended and the operator signed in again', async () => {
    // Prepare
    await openPage(page, url('/cijfers.html'));
    const draft = 'Nog niet vastgelegd: de uitstroom steeg in Tiel.';
    await page.$eval('#toelichting-tekst', (e) => {
      (e as HTMLTextAreaElement).value = '';
    });
    await page.type('#toelichting-tekst', draft);
    // Act: the session ends (the token is gone), the page is opened again and the operator signs in.
    await page.evaluate(() => sessionStorage.removeItem('rapportbode.token'));
    await page.goto(url('/cijfers.html'), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#inloggen', { visible: true });
    await Promise.all([page.waitForNavigation(), page.click('#inloggen')]);
    // The provider may still know the operator (its own session): then it asks nothing.
    const asked = await page.waitForSelector('input[name=login], body[data-klaar]').then((h) => h?.evaluate((e) => e.tagName === 'INPUT'));
    if (asked) await signInAt(page, 'beheerder.jansen');
    await ready(page);
    const text = await page.$eval('#toelichting-tekst', (e) => (e as HTMLTextAreaElement).value);
    const note = await page.$eval('#meldingen', (e) => e.textContent ?? '');
    // Assess
    expect(new URL(page.url()).pathname).toBe('/cijfers.html');
    expect(text).toBe(draft);
    expect(note).toContain('teruggezet');
  });

  it('shows a fixed Dutch message for a sign-in error, never the text the address carries', async () => {
    // Act
    await page.goto(url('/?error=Bel%200900-1234%20voor%20uw%20nieuwe%20wachtwoord'), { waitUntil: 'domcontentloaded' });
    const unknown = await message(page, 'error');
    await page.goto(url('/?error=access_denied'), { waitUntil: 'domcontentloaded' });
    const denied = await message(page, 'error');
    // Assess
    expect(unknown).not.toContain('0900');
    expect(unknown).toContain('Inloggen is niet gelukt. De aanmelding van de organisatie gaf een onbekende fout.');
    expect(denied).toContain('Inloggen is afgebroken of geweigerd.');
  });

  it('ends the sign-in at the provider on a Dutch page: the token of before no longer opens the API', async () => {
    // Prepare
    const { context, page: fresh } = await freshPage();
    try {
      await fresh.goto(url('/'), { waitUntil: 'domcontentloaded' });
      await fresh.waitForSelector('#inloggen', { visible: true });
      await Promise.all([fresh.waitForNavigation(), fresh.click('#inloggen')]);
      await signInAt(fresh, 'beheerder.de-vries');
      await ready(fresh);
      const token = await fresh.evaluate(() => JSON.parse(sessionStorage.getItem('rapportbode.token') ?? '{}').accessToken as string);
      const before = await callApi(fresh, 'GET', '/api/me', undefined, { token });
      // Act
      await Promise.all([fresh.waitForNavigation(), fresh.click('#gebruiker button')]);
      await fresh.waitForSelector('button[name=logout]');
      const logoutPage = await fresh.evaluate(() => ({ lang: document.documentElement.lang, text: document.body.textContent ?? '' }));
      await Promise.all([fresh.waitForNavigation(), fresh.click('button[name=logout]')]);
      await fresh.waitForSelector('#inloggen', { visible: true });
      const after = await callApi(fresh, 'GET', '/api/me', undefined, { token });
      // Assess
      expect(before.status).toBe(200);
      expect(logoutPage.lang).toBe('nl');
      expect(logoutPage.text).toContain('Wilt u uitloggen?');
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
