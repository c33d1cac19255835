import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InMemoryOrganisationStore } from '../../functions/adapters/memory/organisation-store';
import { InMemoryRecipientStore } from '../../functions/adapters/memory/recipient-store';
import { createConsoleApi } from '../../functions/console/api';
import type { HttpApiEvent } from '../../functions/console/http';
import type { ConsoleDeps } from '../../functions/console/ports';
import { editionAccess } from '../../functions/core/edition-access';
import type { Publication, Recipient } from '../../functions/core/organisation';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { signLink } from '../../functions/core/personal-link';
import { CONSOLE_READING_MINUTES, READING_LINK_DAYS, consoleReadingToken, readingLinkToken } from '../../functions/core/reading-link';
import { lezenPage } from '../../functions/links/lezen-page';
import { handleLinkPage } from '../../functions/links/link-pages';
import { localEditionGate } from '../../functions/links/local-edition-gate';

const key = Buffer.alloc(32, 7);
const mailedAt = new Date('2026-11-04T09:00:00Z');
const DEMO = readFileSync('examples/werkzaak-rivierenland/organisatie.yaml', 'utf8');

const recipients: Recipient[] = [
  { email: 'ab@tiel.example', name: 'AB Tiel', role: 'ab-lid', municipality: 'Tiel' },
  { email: 'beleid@tiel.example', name: 'Beleid Tiel', role: 'beleidsmedewerker', municipality: 'Tiel' },
  { email: 'ab@culemborg.example', name: 'AB Culemborg', role: 'ab-lid', municipality: 'Culemborg' },
  { email: 'review@werkzaak.example', name: 'Reviewer', role: 'reviewer', municipality: null },
];

async function store(list: readonly Recipient[], publication: Publication = 'besloten') {
  const organisation = new InMemoryOrganisationStore();
  await organisation.applyOrganisation({ ...parseOrganisationFile(DEMO, 'organisatie.yaml'), publication }, null, { at: mailedAt.toISOString(), by: 'test' });
  await organisation.putRecipients(list);
  return organisation;
}

async function visit(token: string, organisation: InMemoryOrganisationStore, { method = 'GET', at = mailedAt } = {}) {
  const page = lezenPage({ key: async () => key, organisation, gate: localEditionGate(async () => key, false), now: () => at });
  const form = method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' } : {};
  const event: HttpApiEvent = { rawPath: `/lezen/${token}`, ...form, requestContext: { requestId: 'r', http: { method, sourceIp: '127.0.0.1' } } };
  return handleLinkPage(event, { lezen: page });
}

const tielMail = () => readingLinkToken(key, { municipality: 'Tiel', emails: ['ab@tiel.example', 'Beleid@Tiel.example'], now: mailedAt });
const cookieHeader = (setCookies: readonly string[] | undefined) => (setCookies ?? []).map((c) => c.split(';')[0]).join('; ');

describe('the lezen page: the way from the mail into the web edition', () => {
  it("sends a listed reader on to the municipality's edition with a reading cookie scoped to that path", async () => {
    const result = await visit(tielMail(), await store(recipients));
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/editie/tiel/');
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.cookies).toHaveLength(2);
    expect(result.cookies?.[0]).toMatch(/^rb-editie=v1\.[^;]+; Path=\/editie\/tiel\/; Max-Age=86400; HttpOnly; SameSite=Lax$/);
    expect(result.cookies?.[1]).toMatch(/; Path=\/editie\/organisatie\/;/);
  });

  it("sends a reader of an older mail to that mail's period, not to whatever edition is latest by then", async () => {
    // "Lees deze rapportage online" in September's mail led, two months on, to November's edition.
    const result = await visit(`${tielMail()}/2026-09`, await store(recipients));
    expect([result.statusCode, result.headers.location]).toEqual([303, '/editie/tiel/2026-09/']);
    // Anything else after the token is not a period: the latest edition, never a path taken from the address.
    for (const rest of ['2026-13', '..%2Fculemborg', '2026-09/../../culemborg']) {
      expect((await visit(`${tielMail()}/${rest}`, await store(recipients))).headers.location).toBe('/editie/tiel/');
    }
  });

  it("gives cookies that open Tiel's and the organisation's edition and not Culemborg's", async () => {
    const { cookies } = await visit(tielMail(), await store(recipients));
    const access = (pathname: string) => editionAccess({ pathname, cookieHeader: cookieHeader(cookies), publication: 'besloten', key, now: mailedAt }).allowed;
    expect(access('/editie/tiel/2026-09/index.html')).toBe(true);
    expect(access('/editie/organisatie/')).toBe(true);
    expect(access('/editie/culemborg/')).toBe(false);
  });

  it("refuses a removed recipient's link with a clear Dutch page, and sets no cookie", async () => {
    const result = await visit(tielMail(), await store(recipients.filter((r) => r.email !== 'beleid@tiel.example')));
    expect(result.statusCode).toBe(410);
    expect(result.cookies ?? []).toEqual([]);
    expect(result.body).toContain('Geen toegang');
    expect(result.body).toContain('staat niet meer op de verzendlijst van deze gemeente');
    expect(result.body).toContain('A. de Vries (a.devries@werkzaak.example)');
  });

  it('takes away a removed reader’s access within a day: the cookie runs out, the link no longer gives a new one', async () => {
    // Prepare: the reader opens the link, then is taken off the list.
    const organisation = await store(recipients);
    const { cookies } = await visit(tielMail(), organisation);
    await new InMemoryRecipientStore(organisation.data).remove(recipients[1] as Recipient, { actor: 'beheerder', at: mailedAt.toISOString() });
    const access = (at: Date) => editionAccess({ pathname: '/editie/tiel/', cookieHeader: cookieHeader(cookies), publication: 'besloten', key, now: at }).allowed;
    const hours = (n: number) => new Date(mailedAt.getTime() + n * 3_600_000);
    // Act / Assess
    expect(access(hours(23))).toBe(true);
    expect(access(hours(24))).toBe(false);
    const again = await visit(tielMail(), organisation, { at: hours(24) });
    expect([again.statusCode, again.cookies ?? []]).toEqual([410, []]);
  });

  it('refuses a reader moved to another municipality, and lets a reviewer read every municipality', async () => {
    const moved = recipients.map((r) => (r.email === 'ab@tiel.example' ? { ...r, municipality: 'Culemborg' } : r));
    expect((await visit(tielMail(), await store(moved))).statusCode).toBe(410);
    const reviewer = readingLinkToken(key, { municipality: 'Culemborg', emails: ['review@werkzaak.example'], now: mailedAt });
    expect((await visit(reviewer, await store(recipients))).headers.location).toBe('/editie/culemborg/');
  });

  it('refuses a link past its year, a changed link and an answer link, each with its own Dutch page', async () => {
    const organisation = await store(recipients);
    const expired = await visit(tielMail(), organisation, { at: new Date(mailedAt.getTime() + (READING_LINK_DAYS * 86_400 + 1) * 1000) });
    expect([expired.statusCode, expired.body.includes('Deze link is verlopen')]).toEqual([410, true]);
    const changed = await visit(`${tielMail().slice(0, -2)}AA`, organisation);
    expect([changed.statusCode, changed.body.includes('niet volledig of gewijzigd')]).toEqual([400, true]);
    const answer = signLink(key, { purpose: 'antwoord', subject: 'x', scope: 'tiel', expiresAt: mailedAt.getTime() / 1000 + 60 });
    expect((await visit(answer, organisation)).statusCode).toBe(400);
  });

  it('refuses a link to a municipality the organisation no longer has', async () => {
    const gone = readingLinkToken(key, { municipality: 'Lingewaal', emails: ['ab@tiel.example'], now: mailedAt });
    const result = await visit(gone, await store(recipients));
    expect([result.statusCode, result.body.includes('niet (meer) online te lezen')]).toEqual([404, true]);
  });

  it('sends anyone with the link of an openbaar organisation on without a cookie', async () => {
    const result = await visit(tielMail(), await store([], 'openbaar'));
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/editie/tiel/');
    expect(result.cookies ?? []).toEqual([]);
  });

  it('answers a POST with 405 and no cookie: the page has no form', async () => {
    const result = await visit(tielMail(), await store(recipients), { method: 'POST' });
    expect([result.statusCode, result.cookies ?? []]).toEqual([405, []]);
  });
});

describe("a console user's way into the web edition", () => {
  const consoleLink = (at = mailedAt) => consoleReadingToken(key, { municipality: 'Culemborg', actor: 'b.beheerder', now: at });

  it('opens any municipality for a signed-in beheerder or lezer, who need not be on its list', async () => {
    const result = await visit(consoleLink(), await store(recipients));
    expect(result.statusCode).toBe(303);
    expect(result.headers.location).toBe('/editie/culemborg/');
    expect(result.cookies?.[0]).toMatch(/; Path=\/editie\/culemborg\/;/);
  });

  it('works only minutes: the console makes a new one each time it is asked', async () => {
    const later = new Date(mailedAt.getTime() + (CONSOLE_READING_MINUTES * 60 + 1) * 1000);
    expect((await visit(consoleLink(), await store(recipients), { at: later })).statusCode).toBe(410);
  });

  it("cannot be made from a mail's link: the console's name is inside the signature", async () => {
    // A reader who edits the subject of their own link breaks the signature.
    const [version, body, signature] = tielMail().split('.');
    const claims = JSON.parse(Buffer.from(body as string, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, s: 'console:x' })).toString('base64url');
    expect((await visit(`${version}.${forged}.${signature}`, await store(recipients))).statusCode).toBe(400);
  });
});

describe('the console API: the web edition of a municipality', () => {
  const claims = { sub: 'u1', 'cognito:username': 'l.lezer', 'cognito:groups': '[lezer]' };
  const request = (gemeente: string) => ({
    rawPath: '/api/webeditie',
    rawQueryString: `gemeente=${encodeURIComponent(gemeente)}`,
    headers: {},
    requestContext: { requestId: 'r', http: { method: 'GET', sourceIp: '127.0.0.1' }, authorizer: { jwt: { claims, scopes: ['rapportbode/console'] } } },
  });
  const api = async (readingLink?: ConsoleDeps['readingLink']) => {
    const organisation = await store(recipients);
    const deps = { recipients: { store: organisation }, now: () => mailedAt, securityLog: () => undefined, ...(readingLink ? { readingLink } : {}) } as unknown as ConsoleDeps;
    return createConsoleApi(deps);
  };

  it('gives a lezer the address for the municipality asked, made for them', async () => {
    const asked: string[] = [];
    const answer = await (await api(async (municipality, actor) => (asked.push(`${municipality} ${actor}`), `https://editie.example/lezen/${municipality}`)))(request('culemborg'));
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ url: 'https://editie.example/lezen/Culemborg' });
    expect(asked).toEqual(['Culemborg l.lezer']);
  });

  it('says so in Dutch for a municipality that is not there, or where no web edition is set up', async () => {
    const unknown = await (await api(async () => 'x'))(request('Atlantis'));
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).fout).toContain('er is geen gemeente "Atlantis"');
    const none = await (await api())(request('Tiel'));
    expect(none.statusCode).toBe(404);
    expect(JSON.parse(none.body).fout).toContain('er is geen webeditie ingesteld');
  });
});
