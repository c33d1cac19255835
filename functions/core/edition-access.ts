import { ORGANISATION_SLUG, SHARED_ASSETS } from './edition-site';
import type { Publication } from './organisation';
import { checkLink, signLink } from './personal-link';

/**
 * Who may read which web edition (issue 28). Editions are static files per municipality
 * (`<slug>/…`) and one of the organisation (`organisatie/…`), shared assets under `assets/`.
 * With `publicatie: besloten` a reader gets in through the personal `lezen` link in the final's
 * mail; that page gives the browser a reading cookie for the editions it may open:
 * its own municipality's and the organisation's (whose figures every municipality's edition
 * shows anyway). A cookie names one edition and opens only that one: another municipality's
 * path, typed into the address bar, is refused. It lasts a day; a new visit through the link
 * checks the recipient list again, so someone taken off the list loses access within a day.
 * Locally the cookie is an HMAC-signed token (core/personal-link, purpose `editie`) checked here;
 * in AWS CloudFront checks its own signed cookies (adapters/cloudfront-cookies.ts).
 */

/** Where the console's local server serves `<map>/web/`. */
export const LOCAL_EDITION_PREFIX = '/editie/';
/** The local reading cookie's name; one per edition, told apart by its Path. */
export const READING_COOKIE = 'rb-editie';
/** The folder of the organisation's edition (one name for the site and its access). */
export const ORGANISATION_EDITION = ORGANISATION_SLUG;
export { SHARED_ASSETS };
/** How long a reading cookie opens an edition: a day, after which the link checks the list again. */
export const READING_COOKIE_SECONDS = 86_400;

/** The editions a reader of `municipality`'s edition may open: its own and the organisation's. */
export function readableEditions(municipalitySlug: string): string[] {
  return [municipalitySlug, ORGANISATION_EDITION];
}

export type EditionDecision = { readonly allowed: true } | { readonly allowed: false; readonly why: 'no-edition' | 'no-cookie' | 'expired' | 'other-edition' };

export interface EditionAccessRequest {
  /** The request's path as it arrived, e.g. `/editie/tiel/2026-09/index.html`. */
  readonly pathname: string;
  /** The request's Cookie header, if any. */
  readonly cookieHeader?: string;
  readonly publication: Publication;
  readonly key: Uint8Array;
  readonly now: Date;
}

/**
 * Whether a request for a file under `/editie/` may be served.
 * 1. the edition the path names, from a clean path only (no `..`, no encoded slash);
 * 2. shared assets and every edition of an `openbaar` organisation are open;
 * 3. otherwise a reading cookie signed for exactly that edition, not expired.
 */
export function editionAccess(request: EditionAccessRequest): EditionDecision {
  const edition = editionOfPath(request.pathname);
  if (edition === undefined) return { allowed: false, why: 'no-edition' };
  if (edition === SHARED_ASSETS || request.publication === 'openbaar') return { allowed: true };
  const tokens = cookieValues(request.cookieHeader ?? '', READING_COOKIE);
  if (tokens.length === 0) return { allowed: false, why: 'no-cookie' };
  let why: 'expired' | 'other-edition' = 'other-edition';
  for (const token of tokens) {
    const cookie = checkLink(request.key, token, request.now, 'editie');
    if (cookie.ok && cookie.claims.scope === edition) return { allowed: true };
    if (!cookie.ok && cookie.why === 'expired') why = 'expired';
  }
  return { allowed: false, why };
}

/**
 * The edition folder a local path names (`/editie/tiel/…` → `tiel`), or undefined for a path
 * outside `/editie/`, without an edition, or one a file server could read differently from how
 * it reads here: a `.` or `..` segment, a backslash, an encoded slash or dot.
 */
export function editionOfPath(pathname: string): string | undefined {
  if (!pathname.startsWith(LOCAL_EDITION_PREFIX)) return undefined;
  const segments = pathname.slice(LOCAL_EDITION_PREFIX.length).split('/');
  if (segments.some((s) => s === '.' || s === '..' || /[\\%]/.test(s))) return undefined;
  const [edition = ''] = segments;
  return /^[a-z0-9-]+$/.test(edition) ? edition : undefined;
}

/** The local Set-Cookie value that opens `edition` for a day (HttpOnly; its path only). */
export function readingCookie(key: Uint8Array, reading: { edition: string; subject: string; now: Date; secure: boolean }): string {
  const expiresAt = Math.floor(reading.now.getTime() / 1000) + READING_COOKIE_SECONDS;
  const token = signLink(key, { purpose: 'editie', subject: reading.subject, scope: reading.edition, expiresAt });
  return [`${READING_COOKIE}=${token}`, `Path=${LOCAL_EDITION_PREFIX}${reading.edition}/`, `Max-Age=${READING_COOKIE_SECONDS}`, 'HttpOnly', 'SameSite=Lax', ...(reading.secure ? ['Secure'] : [])].join('; ');
}

/** Every value of the cookie `name` in a Cookie header (a browser sends one per matching path). */
export function cookieValues(header: string, name: string): string[] {
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
}
