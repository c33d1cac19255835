import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/adapters/config';
import { EvaluationStore } from '../../functions/adapters/evaluation-store';
import { localLinkKey } from '../../functions/adapters/link-key';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import { DEFAULT_EVALUATION_QUESTIONS } from '../../functions/core/evaluation';
import { linkSubject, signLink } from '../../functions/core/personal-link';
import { startConsoleServer } from '../../functions/console/local-server';
import type { HttpApiEvent } from '../../functions/console/http';
import type { Recipient } from '../../functions/core/organisation';
import { handleLinkPage } from '../../functions/links/link-pages';
import { DEMO_ORGANISATION_FILE, demoOrganisation } from '../../functions/local/demo-data';
import { sampleRecipients } from '../../functions/local/sample-data';
import { linkPages } from '../../functions/wiring/link-pages';
import { axeFindings, openBrowser, screenshot } from '../console/support';
import { type CliResult, type StoredMail, type TestStack, addresses, clearSesStore, freshEnv, runCli, scanTable, sesStore, startTestStack } from '../support/test-stack';

const organisation = demoOrganisation();
const receiving = new Set(organisation.municipalities.filter((m) => !m.optedOut).map((m) => m.name));
const gboLeden: Recipient[] = [
  { email: 'gbo@tiel.example', name: 'Gbo Tiel', role: 'gbo-lid', municipality: 'Tiel' },
  { email: 'gbo@buren.example', name: 'Gbo Buren', role: 'gbo-lid', municipality: 'Buren' },
];
const recipients = [...sampleRecipients(organisation), ...gboLeden];
const invitees = [...new Set(recipients.filter((r) => (r.role === 'ab-lid' || r.role === 'gbo-lid') && receiving.has(r.municipality ?? '')).map((r) => r.email))].sort();
const LINK = /http:\/\/127\.0\.0\.1:4380(\/evaluatie\/[A-Za-z0-9._~-]+)/;

/**
 * The evaluation through the real CLI on the emulators: `evaluation start` mails every AB-lid and
 * gbo-lid a link (the SES emulator's store), answers go through the page (handleLinkPage with the
 * registry's `evaluatie` page), and `evaluation results` shows aggregates only. Then the page in a
 * real browser with JavaScript off, and axe.
 */
describe('the evaluation, from start to results', () => {
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, env);
  const pages = () => linkPages(readConfig(env));
  const request = (method: 'GET' | 'POST', rawPath: string, form?: URLSearchParams): HttpApiEvent => ({
    rawPath,
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(form ? { body: form.toString() } : {}),
    requestContext: { requestId: 'test', http: { method, sourceIp: '127.0.0.1' } },
  });
  const formTokenIn = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
  let started: CliResult;
  let again: CliResult;
  let mails: StoredMail[] = [];
  let links: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack('rb-evaluation');
    // The link key in the test's folder: the CLI signs with it, this process checks with it.
    env = { ...stack.env, USER: 'tester', RAPPORTBODE_LINK_KEY_DIR: stack.dir };
    expect((await cli('organisation', 'apply', DEMO_ORGANISATION_FILE)).code).toBe(0);
    const list = path.join(stack.dir, 'ontvangers.csv');
    writeFileSync(list, `gemeente;rol;naam;email\n${recipients.map((r) => `${r.municipality ?? ''};${r.role};${r.name};${r.email}`).join('\n')}\n`);
    const imported = await cli('recipients', 'import', list);
    expect(imported.code, imported.stderr).toBe(0);
    await clearSesStore(stack);
    // The start every test reads: twice, the second sending nothing.
    started = await cli('evaluation', 'start', '--door', 'beheerder');
    again = await cli('evaluation', 'start');
    mails = await sesStore(stack);
    links = mails.map((m) => LINK.exec(m.body.text ?? '')?.[1] ?? '');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('mails every AB-lid and gbo-lid once a personal link, and a second start mails nobody', async () => {
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`${invitees.length} AB-leden en gbo-leden kregen een persoonlijke link naar 5 vragen`);
    expect(again.stdout).toContain(`0 nieuwe uitnodigingen verstuurd; ${invitees.length} hadden er al een`);
    expect(mails.flatMap((m) => addresses(m.destination.to)).sort()).toEqual(invitees);
    expect(links.every((l) => l.startsWith('/evaluatie/v1.'))).toBe(true);
    expect(mails[0]?.subject).toBe(`Evaluatie van de rapportage van ${organisation.name}: uw mening`);
  });

  it('refuses a questions file with a problem, naming its line and field, and sends nothing', async () => {
    const file = path.join(stack.dir, 'vragen.yaml');
    writeFileSync(file, 'vragen:\n  - id: nut\n    vraag: Nuttig?\n    soort: cijfer\n');
    const before = (await sesStore(stack)).length;
    const refused = await cli('evaluation', 'start', '--vragen', file);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${file}:4 vragen[0].soort: "cijfer" is niet een van schaal, keuze, open`);
    expect((await sesStore(stack)).length).toBe(before);
  });

  it('records answers only from the form, and shows a question 4 people answered not and one 5 answered', async () => {
    // Prepare: opening every link records nothing.
    for (const link of links) expect((await handleLinkPage(request('GET', link), pages())).statusCode).toBe(200);
    const responses = async () => (await scanTable(stack.names.tableName)).filter((i) => String(i.sk).startsWith('RESPONSE#'));
    expect(await responses()).toEqual([]);
    // Act: five answer `nut`, four of them also `leesbaarheid`; the first changes its mind.
    for (const [i, link] of links.slice(0, 5).entries()) {
      const page = await handleLinkPage(request('GET', link), pages());
      const form = new URLSearchParams({ formToken: formTokenIn(page.body), 'vraag-nut': String(i + 1), 'vraag-mist': `Antwoord ${5 - i}` });
      if (i < 4) form.set('vraag-leesbaarheid', '4');
      const posted = await handleLinkPage(request('POST', link, form), pages());
      expect(posted.body).toContain('uw antwoorden zijn vastgelegd');
    }
    const first = links[0] as string;
    const page = await handleLinkPage(request('GET', first), pages());
    expect(page.body).toMatch(/value="1" checked/);
    await handleLinkPage(request('POST', first, new URLSearchParams({ formToken: formTokenIn(page.body), 'vraag-nut': '5', 'vraag-leesbaarheid': '4', 'vraag-mist': 'Antwoord 5' })), pages());
    // Assess
    expect(await responses()).toHaveLength(5);
    const results = await cli('evaluation', 'results', '--json');
    expect(results.code, results.stderr).toBe(0);
    const json = JSON.parse(results.stdout) as { invited: number; responded: number; questions: { id: string; shown: boolean; answered?: number; counts?: Record<string, number>; texts?: string[] }[] };
    expect(json).toMatchObject({ invited: invitees.length, responded: 5 });
    const question = (id: string) => json.questions.find((q) => q.id === id);
    expect(question('nut')).toMatchObject({ shown: true, answered: 5, counts: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 2 } });
    expect(question('leesbaarheid')).toEqual({ id: 'leesbaarheid', text: expect.any(String), kind: 'schaal', shown: false });
    expect(question('mist')?.texts).toEqual(['Antwoord 1', 'Antwoord 2', 'Antwoord 3', 'Antwoord 4', 'Antwoord 5']);
    expect(results.stdout).not.toMatch(/@|AB-lid|Tiel|Buren/);
    const text = await cli('evaluation', 'results');
    expect(text.stdout).toContain('2. Hoe goed is de rapportage te lezen en te begrijpen? (schaal)\n   te weinig antwoorden (n < 5) om te tonen');
    expect(text.stdout).toContain('   gemiddeld: 3,8');
  });

  it('has the cycle remind on its day each invitee who did not answer, once', async () => {
    // Prepare: whoever answered by now gets no reminder.
    const { evaluation } = JSON.parse((await cli('evaluation', 'results', '--json')).stdout) as { evaluation: { remindOn: string } };
    const answered = new Set((await scanTable(stack.names.tableName)).filter((i) => String(i.sk).startsWith('RESPONSE#')).map((i) => String(i.subject)));
    const silent = invitees.filter((email) => !answered.has(linkSubject(email)));
    const reminders = async () => (await sesStore(stack)).filter((m) => m.subject.startsWith('Herinnering: evaluatie'));
    // Act
    const first = await cli('cycle', '--vandaag', evaluation.remindOn);
    const second = await cli('cycle', '--vandaag', evaluation.remindOn);
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${silent.length} herinneringen verstuurd aan wie nog niet antwoordde`);
    expect(second.stdout).not.toContain('herinneringen');
    const sent = await reminders();
    expect(sent.flatMap((m) => addresses(m.destination.to)).sort()).toEqual(silent);
    expect(sent.every((m) => LINK.test(m.body.text ?? ''))).toBe(true);
  });

  it('works in a browser without JavaScript and passes axe', async () => {
    // Prepare: the link pages and their stylesheets on loopback, through the console's own local server.
    // An evaluation of its own, in a table of its own: the answers here count in no other test.
    const own = await freshEnv(stack);
    const ownEnv = { ...env, ...own.env };
    const person = recipients.find((r) => r.role === 'ab-lid') as Recipient;
    await new OrganisationStore(own.tableName).applyOrganisation(organisation, null, { at: new Date().toISOString(), by: 'test' });
    await new OrganisationStore(own.tableName).putRecipients(recipients);
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    await new EvaluationStore(own.tableName).createEvaluation({ id: 'evaluatie-browser', questions: DEFAULT_EVALUATION_QUESTIONS, startedAt: new Date().toISOString(), startedBy: 'test', closesAt, remindOn: '2099-01-01' });
    const token = signLink(localLinkKey(stack.dir), { purpose: 'evaluatie', subject: linkSubject(person.email), scope: 'evaluatie-browser', expiresAt: Math.floor(Date.parse(closesAt) / 1000) });
    // The console's own local server, as `npm run console` serves the link pages (no sign-in for them).
    const server = await startConsoleServer({ api: async () => ({ statusCode: 404, headers: {}, body: '', isBase64Encoded: false }), linkPages: linkPages(readConfig(ownEnv)) });
    const browser = await openBrowser();
    try {
      const page = await browser.browser.newPage();
      await page.setJavaScriptEnabled(false);
      const link = `/evaluatie/${token}`;
      // Act: open, choose, write, send, as a reader does.
      await page.goto(`${server.url}${link}`, { waitUntil: 'load' });
      await page.click('label[for="veld-nut-3"]');
      await page.click('label[for="veld-frequentie-1"]');
      await page.type('#veld-opmerkingen', 'Graag ook een samenvatting.');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      // Assess
      expect(await page.$eval('[role=status]', (e) => e.textContent)).toContain('uw antwoorden zijn vastgelegd');
      expect(await page.$eval('#veld-nut-3', (e) => (e as HTMLInputElement).checked)).toBe(true);
      await page.setViewport({ width: 420, height: 900 });
      await screenshot(page, 'evaluatie');
      await page.setJavaScriptEnabled(true);
      await page.goto(`${server.url}${link}`, { waitUntil: 'load' });
      const { all } = await axeFindings(page);
      expect(all).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
