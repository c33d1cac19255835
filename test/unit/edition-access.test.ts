import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InMemoryOrganisationStore } from '../../functions/adapters/memory/organisation-store';
import { parseOrganisationFile } from '../../functions/core/organisation-file';
import { editionGatekeeper } from '../../functions/links/edition-gatekeeper';
import { type EditionAccessRequest, editionAccess, readingCookie } from '../../functions/core/edition-access';
import { linkSubject, signLink } from '../../functions/core/personal-link';

const key = Buffer.alloc(32, 7);
const now = new Date('2026-11-04T09:00:00Z');
const subject = linkSubject('ab@tiel.example');

/** The Cookie header a browser sends back for the Set-Cookie value the lezen page gave. */
function cookieFor(edition: string, at = now, signingKey: Uint8Array = key): string {
  return (readingCookie(signingKey, { edition, subject, now: at, secure: false }).split(';')[0]) as string;
}

function request(pathname: string, cookieHeader: string | undefined, more: Partial<EditionAccessRequest> = {}): EditionAccessRequest {
  return { pathname, ...(cookieHeader === undefined ? {} : { cookieHeader }), publication: 'besloten', key, now, ...more };
}

describe('who may read a web edition (besloten)', () => {
  it("opens a municipality's own edition, every page of it, with its reading cookie", () => {
    const cookie = cookieFor('tiel');
    for (const path of ['/editie/tiel/', '/editie/tiel/index.html', '/editie/tiel/2026-09/index.html', '/editie/tiel/indicator/uitstroom-werk/', '/editie/tiel/2026-09/cijfers.csv']) {
      expect(editionAccess(request(path, cookie)), path).toEqual({ allowed: true });
    }
  });

  it("refuses another municipality's edition with that same cookie", () => {
    expect(editionAccess(request('/editie/culemborg/', cookieFor('tiel')))).toEqual({ allowed: false, why: 'other-edition' });
    expect(editionAccess(request('/editie/culemborg/2026-09/cijfers.csv', `theme=x; ${cookieFor('tiel')}`))).toEqual({ allowed: false, why: 'other-edition' });
  });

  it('refuses an edited address that would climb out of the own edition', () => {
    const cookie = cookieFor('tiel');
    for (const path of ['/editie/tiel/../culemborg/', '/editie/tiel/%2e%2e/culemborg/', '/editie/tiel%2f..%2fculemborg/', '/editie/tiel/..%2fculemborg/index.html', '/editie/tiel\\..\\culemborg/', '/editie/', '/editie/Tiel/', '/tiel/']) {
      expect(editionAccess(request(path, cookie)).allowed, path).toBe(false);
    }
  });

  it('refuses a cookie whose edition was changed, one signed with another key, and a lezen link used as a cookie', () => {
    const [name, token] = cookieFor('tiel').split('=') as [string, string];
    const [version, body, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, c: 'culemborg' })).toString('base64url');
    expect(editionAccess(request('/editie/culemborg/', `${name}=${version}.${forged}.${signature}`)).allowed).toBe(false);
    expect(editionAccess(request('/editie/tiel/', cookieFor('tiel', now, Buffer.alloc(32, 9)))).allowed).toBe(false);
    const link = signLink(key, { purpose: 'lezen', subject, scope: 'tiel', expiresAt: now.getTime() / 1000 + 3600 });
    expect(editionAccess(request('/editie/tiel/', `rb-editie=${link}`)).allowed).toBe(false);
  });

  it('refuses a cookie older than a day, and a visit without one', () => {
    const yesterday = new Date(now.getTime() - 86_400_000);
    expect(editionAccess(request('/editie/tiel/', cookieFor('tiel', yesterday)))).toEqual({ allowed: false, why: 'expired' });
    expect(editionAccess(request('/editie/tiel/', cookieFor('tiel', new Date(now.getTime() - 86_399_000))))).toEqual({ allowed: true });
    expect(editionAccess(request('/editie/tiel/', undefined))).toEqual({ allowed: false, why: 'no-cookie' });
  });

  it('opens the shared assets without a cookie: they hold no numbers', () => {
    expect(editionAccess(request('/editie/assets/edition.css', undefined))).toEqual({ allowed: true });
  });

  it('opens a reader with two cookies (own municipality and the organisation) each edition by its own cookie', () => {
    const both = `${cookieFor('organisatie')}; ${cookieFor('tiel')}`;
    expect(editionAccess(request('/editie/tiel/', both)).allowed).toBe(true);
    expect(editionAccess(request('/editie/organisatie/', both)).allowed).toBe(true);
    expect(editionAccess(request('/editie/culemborg/', both)).allowed).toBe(false);
  });

  it('scopes the cookie to its edition’s path, for a day, out of reach of scripts', () => {
    const setCookie = readingCookie(key, { edition: 'tiel', subject, now, secure: true });
    expect(setCookie).toMatch(/^rb-editie=v1\.[^;]+; Path=\/editie\/tiel\/; Max-Age=86400; HttpOnly; SameSite=Lax; Secure$/);
  });
});

describe('who may read a web edition (openbaar)', () => {
  it('opens every edition without a cookie', () => {
    for (const path of ['/editie/tiel/', '/editie/culemborg/2026-09/index.html', '/editie/organisatie/']) {
      expect(editionAccess(request(path, undefined, { publication: 'openbaar' })), path).toEqual({ allowed: true });
    }
  });

  it('still refuses a path that climbs out of the editions', () => {
    expect(editionAccess(request('/editie/../link-key', undefined, { publication: 'openbaar' })).allowed).toBe(false);
  });
});

describe('the local gatekeeper in front of /editie/', () => {
  async function gatekeeperFor(publication: 'besloten' | 'openbaar' | undefined) {
    const organisation = new InMemoryOrganisationStore();
    const { publication: _, ...config } = parseOrganisationFile(readFileSync('examples/werkzaak-rivierenland/organisatie.yaml', 'utf8'), 'organisatie.yaml');
    await organisation.applyOrganisation(publication ? { ...config, publication } : config, null, { at: now.toISOString(), by: 'test' });
    return editionGatekeeper({ key: async () => key, organisation, now: () => now });
  }

  it("reads the publicatie in force: openbaar opens every edition, besloten (also a version stored before the key) asks for the cookie", async () => {
    expect(await (await gatekeeperFor('openbaar'))('/editie/culemborg/', undefined)).toEqual({ allowed: true });
    for (const publication of ['besloten', undefined] as const) {
      const refused = await (await gatekeeperFor(publication))('/editie/culemborg/', cookieFor('tiel'));
      expect(refused).toMatchObject({ allowed: false, status: 403 });
      expect(refused.allowed === false && refused.html).toContain('u kunt alleen de rapportage van uw eigen gemeente lezen');
    }
  });

  it('says an expired reading cookie needs the link again, and a path outside the editions is not found', async () => {
    const gatekeeper = await gatekeeperFor('besloten');
    const expired = await gatekeeper('/editie/tiel/', cookieFor('tiel', new Date(now.getTime() - 2 * 86_400_000)));
    expect(expired.allowed === false && expired.html).toContain('Uw toegang tot deze rapportage is verlopen');
    expect(await gatekeeper('/editie/tiel/../../link-key', cookieFor('tiel'))).toMatchObject({ allowed: false, status: 404 });
  });
});
