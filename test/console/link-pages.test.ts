import { type Server, createServer } from 'node:net';
import type { Context } from 'aws-lambda';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLinkKey } from '../../functions/adapters/link-key';
import { ReviewAnswerStore } from '../../functions/adapters/review-answer-store';
import { RunStore } from '../../functions/adapters/run-store';
import { type LocalConsole, startLocalConsole } from '../../functions/console/local-console';
import type { HttpApiResult } from '../../functions/console/http';
import { lastCompletePeriod, periodId, previousPeriod } from '../../functions/core/periods';
import { runIdFor } from '../../functions/core/run-id';
import { answerLink } from '../../functions/usecases/answers';
import { loadDemo, testOrganisation } from '../support/organisation';
import { type TestStack, runCli, scanTable, startCli, startTestStack } from '../support/test-stack';
import { axeFindings, openBrowser } from './support';
import { coldStart } from '../support/lambda-context';

const organisation = testOrganisation();
const now = new Date();
const period = lastCompletePeriod(now, organisation.periodLength);
const concept = `${periodId(period)}-concept-1`;
/** A concept whose final went out: its own period, so the other tests' concept stays under review. */
const releasedPeriod = previousPeriod(period);
const releasedConcept = `${periodId(releasedPeriod)}-concept-1`;
const inAWeek = new Date(now.getTime() + 7 * 86_400_000);

/**
 * The pages personal links open, in a real browser against the console's local server on the
 * embedded stack (one stack, one browser for the file): the answer page of a concept. A GET
 * records nothing (mail scanners open every link), the form's POST records; the pages work
 * without JavaScript, pass axe and fit a 320 px wide phone. Then the same page through the
 * public Lambda function's handler with an API Gateway event, and the console command's port.
 */
describe('the answer page behind a personal link', () => {
  let stack: TestStack;
  let app: LocalConsole;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  /** JavaScript off, as a reader who blocks it: the pages must not need it. */
  let page: Page;
  let key: Buffer;
  let reviewer: { email: string; name: string };
  const cspViolations: string[] = [];

  const linkFor = (to: { conceptRunId?: string; municipality?: string; expiresAt?: Date } = {}) =>
    answerLink(key, { email: reviewer.email, conceptRunId: to.conceptRunId ?? concept, municipality: to.municipality ?? 'Tiel', expiresAt: to.expiresAt ?? inAWeek });
  const url = (link: string) => `${app.url}/antwoord/${link}`;
  const answers = (conceptRunId = concept) => new ReviewAnswerStore(stack.names.tableName).answersFor(conceptRunId);
  const open = async (link: string) => {
    const response = await page.goto(url(link), { waitUntil: 'load' });
    return { status: response?.status(), text: await page.$eval('main', (e) => e.textContent ?? '') };
  };
  const submit = async () => {
    const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
    return { status: response?.status(), text: await page.$eval('main', (e) => e.textContent ?? '') };
  };

  beforeAll(async () => {
    stack = await startTestStack('rb-links');
    Object.assign(process.env, { TABLE_NAME: stack.names.tableName, ARCHIVE_BUCKET: stack.names.archiveBucket, RETENTION_DAYS: '30', RAPPORTBODE_LINK_KEY_DIR: stack.dir });
    await loadDemo(stack.names.tableName, period);
    key = localLinkKey(stack.dir);
    const { OrganisationStore } = await import('../../functions/adapters/organisation-store');
    const found = (await new OrganisationStore(stack.names.tableName).recipients()).find((r) => r.role === 'reviewer');
    if (!found) throw new Error('the demo has no reviewer');
    reviewer = found;
    app = await startLocalConsole({ securityLog: () => undefined });
    browser = await openBrowser();
    page = await browser.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1024, height: 800 });
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stack?.close();
  });

  it('shows the concept and the form on opening the link, in the console’s theme, and records nothing', async () => {
    // Act
    const opened = await open(linkFor());
    const sheets = await page.$$eval('link[rel=stylesheet]', (links) => links.map((l) => (l as HTMLLinkElement).sheet !== null));
    // Assess
    expect(opened.status).toBe(200);
    expect(opened.text).toContain(`${reviewer.name}, wat vindt u van het concept van Tiel (${concept})?`);
    expect(await page.$$eval('input[name=answer]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['akkoord', 'opmerking']);
    expect(sheets).toEqual([true, true, true]);
    expect(await page.$$('script')).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(await answers()).toEqual([]);
  });

  it('records Akkoord from the form, and an Opmerking then replaces it: one answer, with the bewaartermijn', async () => {
    // Prepare
    await open(linkFor());
    // Act: Akkoord
    await page.click('#keuze-akkoord');
    const agreed = await submit();
    const afterAgreed = await answers();
    // Act: changed to an Opmerking
    await page.click('#keuze-opmerking');
    await page.type('#opmerking-tekst', 'De tabel over Tiel mist oktober.');
    const remarked = await submit();
    const items = (await scanTable(stack.names.tableName)).filter((i) => String(i.pk).startsWith('ANSWERS#'));
    // Assess
    expect(agreed.status).toBe(200);
    expect(agreed.text).toContain('Dank u; uw reactie is vastgelegd.');
    expect(afterAgreed).toEqual([expect.objectContaining({ municipality: 'Tiel', answer: 'akkoord', by: reviewer.name })]);
    expect(remarked.text).toContain('Uw reactie tot nu toe: Opmerking – De tabel over Tiel mist oktober.');
    expect(await answers()).toEqual([expect.objectContaining({ municipality: 'Tiel', answer: 'opmerking', text: 'De tabel over Tiel mist oktober.' })]);
    expect(items).toHaveLength(1);
    const at = Date.parse(String(items[0]?.at));
    expect(Number(items[0]?.expiresAt)).toBe(Math.floor(at / 1000) + 30 * 86_400);
  });

  it('shows an Opmerking without text again with the problem on top, and records nothing', async () => {
    // Prepare
    const link = linkFor({ municipality: 'Buren' });
    await open(link);
    // Act
    await page.click('#keuze-opmerking');
    const refused = await submit();
    // Assess
    expect(refused.status).toBe(400);
    expect(await page.$eval('[role=alert] a', (e) => [e.textContent, e.getAttribute('href')])).toEqual(['Schrijf uw opmerking in het tekstvak; er is niets vastgelegd.', '#opmerking-tekst']);
    expect(await page.$eval('#opmerking-tekst', (e) => [e.getAttribute('aria-invalid'), document.getElementById(e.getAttribute('aria-describedby') ?? '')?.textContent])).toEqual([
      'true',
      'Schrijf uw opmerking in het tekstvak; er is niets vastgelegd.',
    ]);
    expect(await page.$eval('#keuze-opmerking', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect((await answers()).filter((a) => a.municipality === 'Buren')).toEqual([]);
  });

  it('refuses a changed link and an expired one with a Dutch page and no form, and records nothing, not even on a POST', async () => {
    // Prepare
    const good = linkFor({ municipality: 'Culemborg' });
    const tampered = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const expired = linkFor({ municipality: 'Culemborg', expiresAt: new Date(now.getTime() - 60_000) });
    const { formToken } = await import('../../functions/core/personal-link');
    const post = (link: string, token: string) =>
      fetch(url(link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ formToken: token, answer: 'akkoord', text: '' }) });
    // Act
    const changed = await open(tampered);
    const changedForm = await page.$('form');
    const gone = await open(expired);
    const goneForm = await page.$('form');
    const posts = [await post(tampered, formToken(key, tampered)), await post(expired, formToken(key, expired)), await post(good, 'niet-het-formulier')];
    // Assess
    expect(changed).toEqual({ status: 403, text: expect.stringContaining('Deze link is niet geldig (niet volledig of gewijzigd). Er is niets vastgelegd.') });
    expect(gone).toEqual({ status: 410, text: expect.stringContaining('Deze link is verlopen') });
    expect([changedForm, goneForm]).toEqual([null, null]);
    expect(posts.map((r) => r.status)).toEqual([403, 410, 400]);
    expect(await posts[2]?.text()).toContain('Dit formulier is niet via uw persoonlijke link geopend; er is niets vastgelegd.');
    expect((await answers()).filter((a) => a.municipality === 'Culemborg')).toEqual([]);
  });

  it('refuses a form larger than 2 MB from the local server with the dispatcher’s Dutch page, recording nothing', async () => {
    // Prepare
    const link = linkFor({ municipality: 'Neder-Betuwe' });
    const body = new URLSearchParams({ answer: 'opmerking', text: 'x'.repeat(3 * 1024 * 1024) }).toString();
    // Act
    const response = await fetch(url(link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('te groot – meer dan 2 MB');
    expect((await answers()).filter((a) => a.municipality === 'Neder-Betuwe')).toEqual([]);
  });

  it('says the report went out after the release, without a form, and records nothing', async () => {
    // Prepare: the final of that period completed, as the run leaves it in the ledger
    const runs = new RunStore(stack.names.tableName);
    const finalId = runIdFor(releasedPeriod, 'final');
    await runs.acquireRun({ runId: finalId, period: periodId(releasedPeriod), kind: 'final', startedAt: now.toISOString() }, now, 45_000);
    await runs.finishRun(finalId, 'completed', { sent: 1, skipped: 0, failed: 0 }, [], now.toISOString());
    // Act
    const released = await open(linkFor({ conceptRunId: releasedConcept }));
    // Assess
    expect(released.status).toBe(200);
    expect(released.text).toContain(`Het rapport van Tiel is al definitief verstuurd; een reactie op concept ${releasedConcept} wordt niet meer vastgelegd.`);
    expect(await page.$('form')).toBeNull();
    expect(await answers(releasedConcept)).toEqual([]);
  });

  it('passes axe (WCAG 2.1 AA) on the open page, a refused one and the form with a problem, and fits a 320 px wide phone', async () => {
    // Prepare: axe is a script, so this tab runs JavaScript; the pages themselves have none
    const tab = await browser.browser.newPage();
    await tab.setViewport({ width: 320, height: 640 });
    const findings: Record<string, unknown> = {};
    const widths: Record<string, number> = {};
    const look = async (name: string) => {
      findings[name] = (await axeFindings(tab)).all;
      widths[name] = await tab.evaluate(() => document.documentElement.scrollWidth);
    };
    // Act
    for (const [name, link] of [
      ['open', linkFor({ municipality: 'Maasdriel' })],
      ['refused', linkFor({ expiresAt: new Date(now.getTime() - 60_000) })],
    ] as const) {
      await tab.goto(url(link), { waitUntil: 'load' });
      await look(name);
    }
    // The form shown again with a problem (an Opmerking without text)
    await tab.goto(url(linkFor({ municipality: 'Maasdriel' })), { waitUntil: 'load' });
    await tab.click('#keuze-opmerking');
    await Promise.all([tab.waitForNavigation({ waitUntil: 'load' }), tab.click('button[type=submit]')]);
    await look('problem');
    await tab.close();
    // Assess
    expect(findings).toEqual({ open: [], refused: [], problem: [] });
    expect(widths).toEqual({ open: 320, refused: 320, problem: 320 });
  });

  it('serves the same page from the public Lambda function: a GET records nothing, a POST records', async () => {
    // Prepare
    coldStart();
    const { handler } = await import('../../functions/handlers/link-pages');
    const link = linkFor({ municipality: 'West Betuwe' });
    const call = (method: 'GET' | 'POST', body?: string) => handler(apiGatewayEvent(method, `/antwoord/${link}`, body), lambdaContext) as Promise<HttpApiResult>;
    // Act
    const shown = await call('GET');
    const afterGet = await answers();
    const formToken = /name="formToken" value="([^"]+)"/.exec(shown.body)?.[1] ?? '';
    const posted = await call('POST', new URLSearchParams({ formToken, answer: 'akkoord', text: '' }).toString());
    // Assess
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(afterGet.filter((a) => a.municipality === 'West Betuwe')).toEqual([]);
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain('Dank u; uw reactie is vastgelegd.');
    expect((await answers()).filter((a) => a.municipality === 'West Betuwe')).toEqual([expect.objectContaining({ answer: 'akkoord' })]);
  });

  it('stops `rapportbode console` with a Dutch message naming --poort and LINK_PAGES_URL when its port is taken', async () => {
    // Prepare: someone else holds the port
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      // Act
      const result = await runCli(['console', '--poort', String(port), '--map', stack.dir], stack.env);
      // Assess
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`poort ${port} op 127.0.0.1 is al in gebruik`);
      expect(result.stderr).toContain('--poort <poort>');
      expect(result.stderr).toContain('LINK_PAGES_URL=http://127.0.0.1:<poort>');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('serves the link pages from `rapportbode console --poort N`, prints their address and makes its own mails name it', async () => {
    // Prepare: a free port
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const cli = startCli(['console', '--poort', String(port), '--map', stack.dir], stack.env);
    try {
      // Act
      await Promise.race([cli.waitForOutput('Ctrl-C stopt'), cli.result.then((r) => Promise.reject(new Error(r.stderr)))]);
      const page = await fetch(`http://127.0.0.1:${port}/antwoord/${linkFor({ municipality: 'Zaltbommel' })}`);
      cli.child.kill('SIGINT');
      const result = await cli.result;
      // Assess
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('wat vindt u van het concept van Zaltbommel');
      expect(result.stdout).toContain(`Pagina's achter de persoonlijke links in de mails (reactie op een concept, …): http://127.0.0.1:${port}/antwoord/…`);
      expect(result.stdout).not.toContain('Let op');
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});

const lambdaContext = { functionName: 'link-pages', awsRequestId: 'test-request', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:link-pages', memoryLimitInMB: '256', functionVersion: '$LATEST' } as unknown as Context;

/** What API Gateway (HTTP API, payload 2.0) hands the function for `GET|POST /antwoord/{token}`: a form body base64. */
function apiGatewayEvent(method: 'GET' | 'POST', rawPath: string, body?: string) {
  return {
    version: '2.0',
    routeKey: `${method} /antwoord/{token}`,
    rawPath,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'Mozilla/5.0', ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'Mozilla/5.0' },
      requestId: 'Yx1aBc=',
      routeKey: `${method} /antwoord/{token}`,
      stage: '$default',
      time: '04/Dec/2026:23:00:00 +0000',
      timeEpoch: Date.now(),
    },
    pathParameters: { token: rawPath.split('/')[2] },
    isBase64Encoded: body !== undefined,
    ...(body !== undefined ? { body: Buffer.from(body).toString('base64') } : {}),
  };
}
