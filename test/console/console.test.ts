import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../functions/adapters/delivery-log';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { RecipientStore } from '../../functions/adapters/recipient-store';
import { type LocalConsole, startLocalConsole } from '../../functions/console/local-console';
import type { SecurityLogEntry } from '../../functions/console/ports';
import { ROUTES } from '../../functions/console/routes';
import { seedWhenEmpty } from '../../functions/console/seed';
import { formatMonthKey, lastCompletePeriod, periodId } from '../../functions/core/periods';
import { recipientsToCsv } from '../../functions/core/recipient-validation';
import { recordDeliveryEvents } from '../../functions/usecases/delivery-events';
import { testOrganisation } from '../support/organisation';
import { type TestStack, addresses, clearSesStore, scanTable, sesStore, startTestStack } from '../support/test-stack';
import { axeFindings, callApi, message, openBrowser, openPage, screenshot, signIn, upload } from './support';

const organisation = testOrganisation();
const now = new Date();
const period = periodId(lastCompletePeriod(now, organisation.periodLength));
const conceptId = `${period}-concept-1`;
const finalId = `${period}-final`;
const indicator = organisation.indicators[0]?.id as string;
const thisMonth = formatMonthKey(now.getUTCFullYear(), now.getUTCMonth() + 1);

/** An SES event as SNS delivers it to the delivery-events function: one record, the SES JSON as a string. */
const sesEvent = (record: Record<string, unknown>) => JSON.stringify(record);

/**
 * The console in a real browser: the embedded stack, the local OpenID Connect provider, the
 * console server, and one headless Chromium signing in as a beheerder and as a lezer. The
 * journeys build on the demo organisation's concept of the last complete period: add and import
 * recipients, import figures, release the concept by keyboard, re-send only what did not arrive.
 */
describe('the web console in a browser', () => {
  let stack: TestStack;
  let app: LocalConsole;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const securityLog: SecurityLogEntry[] = [];
  const url = (p: string) => `${app.url}${p}`;

  beforeAll(async () => {
    stack = await startTestStack('rb-console');
    Object.assign(process.env, { TABLE_NAME: stack.names.tableName, ARCHIVE_BUCKET: stack.names.archiveBucket, INGEST_BUCKET: stack.names.ingestBucket, MAX_SEND_RATE: '50' });
    await seedWhenEmpty(now);
    app = await startLocalConsole({ securityLog: (entry) => securityLog.push(entry) });
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

  it('signs a beheerder in at the OpenID Connect provider and shows the period with its concept under review', async () => {
    // Act
    const text = await page.$eval('#perioden', (e) => e.textContent ?? '');
    const header = await page.$eval('#gebruiker', (e) => e.textContent ?? '');
    // Assess
    expect(text).toContain(conceptId);
    expect(text).toContain('concept verstuurd');
    expect(text).toContain('Review tot en met');
    expect(header).toContain('beheerder.jansen (beheerder)');
  });

  it('adds a recipient, recorded under the operator the token names', async () => {
    // Prepare
    await openPage(page, url('/ontvangers.html'));
    // Act
    await page.select('#nieuw-gemeente', 'Tiel');
    await page.select('#nieuw-rol', 'beleidsmedewerker');
    await page.type('#nieuw-naam', 'Nieuwe Collega');
    await page.type('#nieuw-email', 'Nieuw@Tiel.example');
    await page.click('#toevoegen button[type=submit]');
    const done = await message(page, 'ok');
    // Assess
    expect(done).toContain('nieuw@tiel.example');
    await page.waitForFunction(() => document.getElementById('lijsten')?.textContent?.includes('nieuw@tiel.example'));
    const history = await new RecipientStore(stack.names.tableName).history();
    expect(history.at(-1)).toMatchObject({ actor: 'beheerder.jansen', action: 'recipient added', email: 'nieuw@tiel.example', municipality: 'Tiel' });
  });

  it('shows a recipients file with bad rows per row and changes nothing; a good file shows its diff and is applied only when confirmed', async () => {
    // Prepare
    const store = new OrganisationStore(stack.names.tableName);
    const before = await store.recipients();
    const bad = path.join(stack.dir, 'ontvangers-fout.csv');
    writeFileSync(bad, '\uFEFFgemeente;rol;naam;email\r\nTiel;ab-lid;Jan Jansen;jan@tiel.example\r\nAtlantis;ab-lid;Piet;piet@atlantis.example\r\nTiel;ab-lid;Klaas;geen-adres\r\n');
    const good = path.join(stack.dir, 'ontvangers-goed.csv');
    writeFileSync(good, `${recipientsToCsv(before)}Buren;beleidsmedewerker;Extra Collega;extra@buren.example\r\n`);
    await openPage(page, url('/ontvangers.html'));
    // Act: the bad file
    await await upload(page, '#import-bestand', bad);
    await page.click('#import button[type=submit]');
    await page.waitForSelector('#import-resultaat table');
    const problems = await page.$$eval('#import-resultaat tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    const afterBad = await store.recipients();
    // Act: the good file, previewed, then applied
    await await upload(page, '#import-bestand', good);
    await page.click('#import button[type=submit]');
    await page.waitForFunction(() => document.getElementById('import-resultaat')?.textContent?.includes('Toegevoegd (1)'));
    const preview = await page.$eval('#import-resultaat', (e) => e.textContent ?? '');
    const beforeApply = await store.recipients();
    const [apply] = await page.$$('xpath/.//button[contains(., "Wijzigingen toepassen")]');
    await apply?.click();
    const applied = await message(page, 'ok');
    // Assess
    expect(problems).toEqual([
      ['3', 'gemeente', expect.stringContaining('Atlantis')],
      ['4', 'email', expect.any(String)],
    ]);
    expect(afterBad).toEqual(before);
    expect(preview).toContain('extra@buren.example');
    expect(preview).toContain('Verwijderd (0)');
    expect(beforeApply).toEqual(before);
    expect(applied).toContain('1 toegevoegd, 0 gewijzigd, 0 verwijderd');
    expect((await store.recipients()).map((r) => r.email)).toContain('extra@buren.example');
  });

  it('rejects a figures file with a bad row per row and stores nothing, then imports a good one', async () => {
    // Prepare
    const imports = async () => (await scanTable(stack.names.tableName)).filter((i) => String(i.pk).startsWith('IMPORT') || String(i.pk).startsWith('FIGURES#')).length;
    const bad = path.join(stack.dir, 'cijfers-fout.csv');
    writeFileSync(bad, `gemeente;indicator;maand;waarde\nTiel;${indicator};${thisMonth};12\nTiel;${indicator};sep-26;5\n`);
    const good = path.join(stack.dir, 'cijfers-goed.csv');
    writeFileSync(good, `gemeente;indicator;maand;waarde\nTiel;${indicator};${thisMonth};12\nBuren;${indicator};${thisMonth};7\n`);
    const stored = await imports();
    await openPage(page, url('/cijfers.html'));
    // Act
    await await upload(page, '#cijfers-bestand', bad);
    await page.click('#cijfers button[type=submit]');
    await page.waitForSelector('#cijfers-resultaat table');
    const problems = await page.$$eval('#cijfers-resultaat tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    const afterBad = await imports();
    await await upload(page, '#cijfers-bestand', good);
    await page.click('#cijfers button[type=submit]');
    const done = await message(page, 'ok');
    // Assess
    expect(problems).toEqual([['3', 'maand', expect.stringContaining('sep-26')]]);
    expect(afterBad).toBe(stored);
    expect(done).toContain('cijfers-goed.csv is ingelezen (2 rijen: 2 nieuw');
  });

  it('shows the commentary of the period with a preview of how the report prints it', async () => {
    // Prepare
    await openPage(page, url('/cijfers.html'));
    // Act
    await page.$eval('#toelichting-tekst', (e) => {
      (e as HTMLTextAreaElement).value = 'Eerste alinea met **nadruk**.\n\n<script>alert(1)</script> blijft tekst.';
    });
    await page.click('#toelichting-voorbeeld');
    await page.waitForSelector('#toelichting-preview strong');
    const preview = await page.$eval('#toelichting-preview', (e) => ({ html: e.innerHTML, scripts: e.querySelectorAll('script').length }));
    // Assess
    expect(preview.html).toContain('<strong>nadruk</strong>');
    expect(preview.html).toContain('&lt;script&gt;');
    expect(preview.scripts).toBe(0);
  });

  it('releases the concept by keyboard alone, after a confirmation that names what goes to whom', async () => {
    // Prepare
    await clearSesStore(stack);
    await openPage(page, url('/'));
    const recipients = await new OrganisationStore(stack.names.tableName).recipients();
    const tielAbLid = recipients.find((r) => r.municipality === 'Tiel' && r.role === 'ab-lid')?.email as string;
    // Act: Tab to the release button, Enter, read the dialog, Enter on its confirm button.
    let focused = '';
    for (let i = 0; i < 40 && !focused.includes('vrijgeven'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    const dialog = await page.$eval('dialog[open]', (e) => e.textContent ?? '');
    // The concept went out today, so its review still runs: the dialog asks the reason first.
    const reasonFocused = await page.evaluate(() => document.activeElement?.id === 'reden-vroeg');
    await page.keyboard.type('AB vergadert morgen');
    await page.keyboard.press('Tab');
    const confirmFocused = await page.evaluate(() => document.activeElement?.hasAttribute('data-bevestig') ?? false);
    await page.keyboard.press('Enter');
    const done = await message(page, 'ok');
    // The page reloads the periods after the release.
    const released = await page.waitForFunction(() => document.getElementById('perioden')?.textContent?.includes('vrijgegeven'), { timeout: 30_000 }).then(() => true, () => false);
    // Assess
    expect(focused).toContain(`${conceptId} vrijgeven`);
    expect(dialog).toContain(`De definitieve versie ${finalId}`);
    expect(dialog).toContain('Tiel');
    expect(dialog).toContain(tielAbLid);
    expect(dialog).toContain('de review loopt nog');
    expect(reasonFocused).toBe(true);
    expect(confirmFocused).toBe(true);
    expect(done).toContain(`De definitieve versie ${finalId}`);
    expect(released).toBe(true);
    const run = await new DeliveryLog(stack.names.tableName).run(finalId);
    expect(run).toMatchObject({ status: 'completed', releasedFrom: conceptId, releasedBy: 'beheerder.jansen' });
    const mails = await sesStore(stack);
    expect(mails.flatMap((m) => addresses(m.destination.to))).toContain(tielAbLid);
  });

  it('re-sends only what did not arrive: a bounced address (after its block is cleared) and a message SES rejected', async () => {
    // Prepare: SES reports a bounce for one address and rejects another municipality's message.
    const log = new DeliveryLog(stack.names.tableName);
    const { ledger } = await log.entries(finalId);
    const [first, second] = [...ledger].sort((a, b) => a.messageKey.localeCompare(b.messageKey));
    if (!first || !second) throw new Error('the final run sent fewer than two messages');
    const bounced = first.to[0] as string;
    const mail = (d: typeof first) => ({ timestamp: now.toISOString(), source: 'rapportage@werkzaak.example', messageId: d.sesMessageId, destination: [...d.to, ...d.cc] });
    await recordDeliveryEvents(
      [
        sesEvent({ eventType: 'Bounce', mail: mail(first), bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: now.toISOString(), bouncedRecipients: [{ emailAddress: bounced, status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } }),
        sesEvent({ eventType: 'Reject', mail: mail(second), reject: { reason: 'Bad content' } }),
      ],
      { log, recipientStore: new RecipientStore(stack.names.tableName) },
    );
    // Act: clear the block on Ontvangers, then "only the failed" on Rapporten, twice.
    await openPage(page, url('/ontvangers.html'));
    await page.click(`button[aria-label="Blokkade opheffen voor ${bounced}"]`);
    await page.click('dialog[open] [data-bevestig]');
    const cleared = await message(page, 'ok');
    await clearSesStore(stack);
    await openPage(page, url(`/rapporten.html?run=${finalId}`));
    await page.waitForSelector('#run-titel');
    // The page re-renders after each re-send: find the button anew (a locator retries a detached one),
    // and wait for this re-send's own message, not the one before it.
    const resendFailed = async () => {
      const before = await page.$eval('#meldingen', (e) => e.textContent ?? '');
      await page.locator('::-p-xpath(.//button[contains(., "Alleen mislukte en gebouncete opnieuw")])').click();
      await page.click('dialog[open] [data-bevestig]');
      await page.waitForFunction(
        (previous) => {
          const text = document.querySelector('#meldingen .utrecht-alert--ok')?.textContent ?? '';
          return text.includes('opnieuw') && text !== previous;
        },
        { timeout: 60_000 },
        before,
      );
      return page.$eval('#meldingen', (e) => e.textContent ?? '');
    };
    const firstTime = await resendFailed();
    const mails = await sesStore(stack);
    const secondTime = await resendFailed();
    // Assess
    expect(cleared).toContain(bounced);
    expect(firstTime).toContain('2 van 2 bericht(en)');
    expect(mails.map((m) => addresses([...m.destination.to, ...m.destination.cc])).sort()).toEqual(
      [[bounced], addresses([...second.to, ...second.cc])].sort(),
    );
    expect(secondTime).toContain('Er was niets opnieuw te verzenden');
    expect(await sesStore(stack)).toHaveLength(2);
  });

  it('shows each archived PDF in the page', async () => {
    // Prepare
    await openPage(page, url(`/rapporten.html?run=${finalId}`));
    await page.waitForSelector('#run-titel');
    // Act
    await page.click('xpath/.//button[contains(., "PDF van Tiel")]');
    await page.waitForSelector('iframe.rb-pdf');
    const frame = await page.$eval('iframe.rb-pdf', (f) => ({ src: (f as HTMLIFrameElement).src, title: f.getAttribute('title') }));
    const pdf = await callApi(page, 'GET', `/api/runs/${finalId}/pdf?gemeente=Tiel`);
    // Assess
    expect(frame.src).toMatch(/^blob:/);
    expect(frame.title).toContain('Tiel');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
  });

  it("opens a municipality's web edition for the operator through a short-lived reading link", async () => {
    // Prepare
    await openPage(page, url(`/rapporten.html?run=${finalId}`));
    await page.waitForSelector('#run-titel');
    // Act
    await page.click('xpath/.//button[contains(., "Webeditie van Tiel")]');
    await page.waitForSelector('#webeditie a');
    const link = await page.$eval('#webeditie a', (a) => ({ href: (a as HTMLAnchorElement).href, text: a.textContent, focused: document.activeElement === a }));
    // The link names where the link pages live (LINK_PAGES_URL); this console listens on a port of its own.
    const followed = await fetch(url(new URL(link.href).pathname), { redirect: 'manual' });
    // Assess
    expect(link.text).toBe('Webeditie van Tiel openen (nieuw tabblad)');
    expect(link.focused).toBe(true);
    expect(link.href).toMatch(/\/lezen\/v1\./);
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toMatch(/\/editie\/tiel\/$/);
    expect(followed.headers.get('set-cookie')).toContain('Path=/editie/tiel/');
  });

  it('filters the audit trail by operator and exports it as CSV', async () => {
    // Prepare
    await openPage(page, url('/logboek.html'));
    // Act
    await page.type('#filter-door', 'beheerder.jansen');
    await page.click('#filter button[type=submit]');
    await page.waitForFunction(() => !document.getElementById('regels')?.textContent?.includes('ses'));
    const actors = await page.$$eval('#regels tbody tr td:nth-child(2)', (cells) => [...new Set(cells.map((c) => c.textContent))]);
    const csv = await callApi(page, 'POST', '/api/logboek/csv', { door: 'beheerder.jansen' });
    // Assess
    expect(actors).toEqual(['beheerder.jansen']);
    expect(csv.status).toBe(200);
    expect(csv.body).toMatch(/^\uFEFFwanneer;door;actie;gemeente;email;run;toelichting\r\n/);
    expect(csv.body).toContain('vrijgegeven voor het einde van de review');
    expect(csv.body).toContain('reden: AB vergadert morgen');
  });

  it('has no serious or critical WCAG 2.1 AA violation on any page (and saves a screenshot of each with npm run screenshots)', async () => {
    const findings: Record<string, unknown> = {};
    for (const [name, path] of [
      ['overzicht', '/'],
      ['ontvangers', '/ontvangers.html'],
      ['gemeenten', '/gemeenten.html'],
      ['cijfers', '/cijfers.html'],
      ['rapporten', `/rapporten.html?run=${finalId}`],
      ['logboek', '/logboek.html'],
    ] as const) {
      // Prepare
      await openPage(page, url(path));
      // Act: the screenshot as the page opens; axe also with a PDF shown on Rapporten.
      await screenshot(page, name);
      if (name === 'rapporten') {
        await page.waitForSelector('#run-titel');
        await page.click('xpath/.//button[contains(., "PDF van Tiel")]');
        await page.waitForSelector('iframe.rb-pdf');
      }
      const result = await axeFindings(page);
      // Assess
      findings[name] = result.all.map((f) => `${f.impact} ${f.id}`);
      expect(result.serious, name).toEqual([]);
    }
    console.log('axe (WCAG 2.1 A/AA) findings per page:', JSON.stringify(findings));
  });

  it('serves the pages with a strict Content-Security-Policy: no inline script, no other origin but the sign-in', async () => {
    // Act
    const response = await page.goto(url('/'), { waitUntil: 'domcontentloaded' });
    const csp = response?.headers()['content-security-policy'] ?? '';
    const inline = await page.$$eval('script', (scripts) => scripts.filter((s) => !s.src).length);
    // Assess
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ${app.issuer};`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(inline).toBe(0);
  });

  it('shows a lezer no write control, and answers 403 to every write the lezer sends to the API directly', async () => {
    // Prepare
    const context = await browser.browser.createBrowserContext();
    const reader = await context.newPage();
    try {
      await signIn(reader, app.url, 'lezer');
      const audit = (await new RecipientStore(stack.names.tableName).history()).length;
      const writeLabels = /vrijgeven|aanhouden|toevoegen|verwijderen|opnieuw|opheffen|inlezen|vastleggen|afmelden|aanmelden|wijzig|toepassen|uit het rapport/i;
      const controls: Record<string, string[]> = {};
      // Act
      for (const path of ['/', '/ontvangers.html', '/gemeenten.html', '/cijfers.html', `/rapporten.html?run=${finalId}`, '/logboek.html']) {
        await openPage(reader, url(path));
        if (path.startsWith('/rapporten')) await reader.waitForSelector('#run-titel');
        controls[path] = await reader.evaluate(
          (pattern) => [...document.querySelectorAll('main button, main input[type=file], main textarea, [data-schrijven]')].map((e) => e.textContent?.trim() || e.tagName).filter((t) => new RegExp(pattern, 'i').test(t) || t === 'INPUT' || t === 'TEXTAREA'),
          writeLabels.source,
        );
      }
      const writes = ROUTES.filter((r) => r.access === 'write');
      const answers = await Promise.all(writes.map(async (r) => [r.action, (await callApi(reader, r.method, r.path.source.replace(/^\^|\$$/g, '').replace(/\\\//g, '/'), {})).status] as const));
      const reads = await callApi(reader, 'GET', '/api/overzicht');
      // Assess
      for (const [path, found] of Object.entries(controls)) expect(found, path).toEqual([]);
      expect(writes.length).toBeGreaterThanOrEqual(13);
      for (const [action, status] of answers) expect(status, action).toBe(403);
      expect(reads.status).toBe(200);
      expect((await new RecipientStore(stack.names.tableName).history()).length).toBe(audit);
    } finally {
      await context.close();
    }
  });

  it('answers 401 to every API call without a valid token: none, another key, the wrong client', async () => {
    // Prepare: tokens like the provider's, signed by a key it never published, or for another client.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { 'cognito:groups': ['beheerder'], username: 'indringer', scope: 'openid rapportbode/console', client_id: 'rapportbode-console' };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'unknown' }).setIssuer(app.issuer).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    // Act
    const none = await callApi(page, 'GET', '/api/overzicht', undefined, { token: 'none' });
    const wrongKey = await callApi(page, 'POST', '/api/ontvangers', { gemeente: 'Tiel', rol: 'ab-lid', naam: 'X', email: 'x@tiel.example' }, { token: forged });
    const garbage = await callApi(page, 'GET', '/api/me', undefined, { token: 'not.a.token' });
    // Assess
    expect([none.status, wrongKey.status, garbage.status]).toEqual([401, 401, 401]);
  });

  it('logs every action with actor, origin, object, result and time, and no address in plain text', () => {
    // Assess
    expect(securityLog.length).toBeGreaterThan(20);
    for (const entry of securityLog) {
      expect(entry).toMatchObject({ message: 'console action', at: expect.any(String), origin: expect.any(String), action: expect.any(String), result: expect.any(String) });
    }
    expect(securityLog).toContainEqual(expect.objectContaining({ actor: 'beheerder.jansen', action: 'concept vrijgeven', object: conceptId, result: 'ok' }));
    expect(securityLog).toContainEqual(expect.objectContaining({ actor: 'lezer', action: 'ontvanger toevoegen', result: 'geweigerd', status: 403 }));
    expect(JSON.stringify(securityLog)).not.toMatch(/[a-z0-9.-]+@[a-z0-9.-]+\.example/i);
  });
});
