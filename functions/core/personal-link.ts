import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { RapportbodeError } from './errors';

/**
 * The signed personal link, one mechanism for every page a reader reaches from a mail without an
 * account: an answer to a concept, the evaluation, a municipality's upload, a web edition.
 * A token is `v1.<claims>.<signature>`: the claims as base64url JSON, the signature an
 * HMAC-SHA256 over `v1.<claims>` with the stack's link key. Nothing is stored to verify it; the
 * key (locally a file in the map, in AWS a secret) is what makes it unguessable.
 * Mail scanners open every link, so a GET only shows; the form's POST carries `formToken`, derived
 * from the link, which a scanner that never rendered the form does not have.
 */

export const LINK_PURPOSES = ['antwoord', 'evaluatie', 'aanlevering', 'lezen', 'editie'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  readonly purpose: LinkPurpose;
  /** Who the link is for: a recipient id or `linkSubject(email)`, never the address itself. */
  readonly subject: string;
  /** What it is about: a run id, or a municipality and a period. */
  readonly scope: string;
  /** Epoch seconds after which the link no longer works. */
  readonly expiresAt: number;
}

/** The name of the setting that holds, in AWS, the Secrets Manager secret with the link key (wiring/link-key.ts). */
export const LINK_KEY_SECRET_SETTING = 'LINK_KEY_SECRET_ARN';
/** A key shorter than this would make the signature guessable. */
export const MIN_LINK_KEY_BYTES = 32;

const VERSION = 'v1';

/** A link that was changed, cut short or signed with another key. */
export class LinkTamperedError extends RapportbodeError {}
/** A link past its expiresAt. */
export class LinkExpiredError extends RapportbodeError {}
/** A valid link for another page (an evaluation link on the answer page). */
export class LinkPurposeError extends RapportbodeError {}

/** A stable, non-reversible subject for an address: the sha256 of its lower-case form, shortened. */
export function linkSubject(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

export function signLink(key: Uint8Array, claims: LinkClaims): string {
  requireKey(key);
  const body = Buffer.from(JSON.stringify({ p: claims.purpose, s: claims.subject, c: claims.scope, e: claims.expiresAt })).toString('base64url');
  const signed = `${VERSION}.${body}`;
  return `${signed}.${mac(key, signed)}`;
}

/**
 * The claims of a token signed with `key`, for `purpose`, not expired at `now`.
 * 1. the signature, compared in constant time over its exact text (no second spelling passes);
 * 2. the claims' shape; 3. the purpose; 4. the expiry.
 */
export function verifyLink(key: Uint8Array, token: string, now: Date, purpose: LinkPurpose): LinkClaims {
  requireKey(key);
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw new LinkTamperedError('deze link is niet volledig of gewijzigd');
  const [version, body, signature] = parts as [string, string, string];
  if (!sameText(signature, mac(key, `${version}.${body}`))) throw new LinkTamperedError('deze link is niet volledig of gewijzigd');
  const claims = claimsOf(body);
  if (claims.purpose !== purpose) throw new LinkPurposeError(`deze link is voor een andere pagina (${claims.purpose})`);
  if (now.getTime() / 1000 >= claims.expiresAt) throw new LinkExpiredError('deze link is verlopen');
  return claims;
}

/** The address a mail puts a link behind: the link pages' base (without its trailing slash), the page's path, the token. */
export function linkPageUrl(baseUrl: string, page: 'antwoord' | 'evaluatie' | 'aanleveren', token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${page}/${token}`;
}

/** What a page makes of a link: its claims, or why it opens nothing (the page words the refusal). */
export type LinkCheck = { readonly ok: true; readonly claims: LinkClaims } | { readonly ok: false; readonly why: 'expired' | 'invalid' };

/** verifyLink for a page a link opens: an expired link, or one changed, cut short or for another page, is an answer, not an error. */
export function checkLink(key: Uint8Array, token: string, now: Date, purpose: LinkPurpose): LinkCheck {
  try {
    return { ok: true, claims: verifyLink(key, token, now, purpose) };
  } catch (error) {
    if (error instanceof LinkExpiredError) return { ok: false, why: 'expired' };
    if (error instanceof LinkTamperedError || error instanceof LinkPurposeError) return { ok: false, why: 'invalid' };
    throw error;
  }
}

/** A page's refusal of an invalid link (changed, cut short, or for another page), with nothing recorded. */
export const INVALID_LINK_NL = 'Deze link is niet geldig (niet volledig of gewijzigd). Er is niets vastgelegd. Gebruik de link uit de mail.';

/** The token a page's form carries, derived from its link: a POST without it records nothing. */
export function formToken(key: Uint8Array, linkToken: string): string {
  requireKey(key);
  return mac(key, `form.${linkToken}`);
}

export function verifyFormToken(key: Uint8Array, linkToken: string, token: string): boolean {
  return sameText(token, formToken(key, linkToken));
}

function mac(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

/** Constant-time comparison of two texts; different lengths differ without comparing. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireKey(key: Uint8Array): void {
  if (key.length < MIN_LINK_KEY_BYTES) throw new RapportbodeError(`de sleutel voor persoonlijke links is te kort (${key.length} bytes, minstens ${MIN_LINK_KEY_BYTES})`);
}

function claimsOf(body: string): LinkClaims {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new LinkTamperedError('deze link is niet volledig of gewijzigd', { cause });
  }
  const r = raw as { p?: unknown; s?: unknown; c?: unknown; e?: unknown };
  const valid = typeof r === 'object' && r !== null && LINK_PURPOSES.includes(r.p as LinkPurpose) && typeof r.s === 'string' && typeof r.c === 'string' && Number.isFinite(r.e);
  if (!valid) throw new LinkTamperedError('deze link is niet volledig of gewijzigd');
  return { purpose: r.p as LinkPurpose, subject: r.s as string, scope: r.c as string, expiresAt: r.e as number };
}
