import { describe, expect, it } from 'vitest';
import {
  type LinkClaims,
  LinkExpiredError,
  LinkPurposeError,
  LinkTamperedError,
  checkLink,
  formToken,
  linkPageUrl,
  linkSubject,
  signLink,
  verifyFormToken,
  verifyLink,
} from '../../functions/core/personal-link';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const now = new Date('2026-11-04T09:00:00Z');
const claims: LinkClaims = { purpose: 'antwoord', subject: linkSubject('gbo@tiel.example'), scope: '2026-09-concept-1', expiresAt: Date.parse('2026-11-12T23:00:00Z') / 1000 };

describe('the signed personal link', () => {
  it('gives back the claims it was signed with, and its text is safe in a URL', () => {
    const token = signLink(key, claims);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyLink(key, token, now, 'antwoord')).toEqual(claims);
  });

  it('refuses the link when any one character of it is changed', () => {
    const token = signLink(key, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < token.length; i++) {
      // Two substitutes per place: one next in the alphabet, and one that differs only in the low bits.
      for (const step of [1, 2]) {
        const replaced = alphabet[(alphabet.indexOf(token[i] as string) + step) % alphabet.length] as string;
        const changed = `${token.slice(0, i)}${replaced}${token.slice(i + 1)}`;
        expect(() => verifyLink(key, changed, now, 'antwoord'), `place ${i} → ${replaced}`).toThrow(LinkTamperedError);
      }
    }
    expect(() => verifyLink(key, token.slice(0, -1), now, 'antwoord')).toThrow(LinkTamperedError);
    expect(() => verifyLink(key, `${token}A`, now, 'antwoord')).toThrow(LinkTamperedError);
  });

  it('refuses a link signed with another key', () => {
    expect(() => verifyLink(key, signLink(otherKey, claims), now, 'antwoord')).toThrow(LinkTamperedError);
  });

  it('refuses a link from its expiry on', () => {
    const token = signLink(key, claims);
    expect(verifyLink(key, token, new Date(claims.expiresAt * 1000 - 1000), 'antwoord').scope).toBe('2026-09-concept-1');
    expect(() => verifyLink(key, token, new Date(claims.expiresAt * 1000), 'antwoord')).toThrow(LinkExpiredError);
  });

  it('refuses a valid link on a page for another purpose', () => {
    const token = signLink(key, { ...claims, purpose: 'evaluatie' });
    expect(() => verifyLink(key, token, now, 'antwoord')).toThrow(LinkPurposeError);
  });

  it('derives a form token from the link that only that link’s form carries', () => {
    const token = signLink(key, claims);
    const other = signLink(key, { ...claims, subject: linkSubject('ander@tiel.example') });
    expect(verifyFormToken(key, token, formToken(key, token))).toBe(true);
    expect(verifyFormToken(key, token, formToken(key, other))).toBe(false);
    expect(verifyFormToken(key, token, formToken(otherKey, token))).toBe(false);
    expect(verifyFormToken(key, token, '')).toBe(false);
  });

  it('refuses a key too short to keep a signature unguessable', () => {
    expect(() => signLink(Buffer.alloc(16), claims)).toThrow(/te kort/);
  });

  it('names a person by a hash of the address, the same whatever its case', () => {
    expect(linkSubject(' GBO@Tiel.example ')).toBe(linkSubject('gbo@tiel.example'));
    expect(linkSubject('gbo@tiel.example')).not.toContain('tiel');
  });

  it('tells a page why a link opens nothing (checkLink): expired, or invalid when changed or for another page', () => {
    const token = signLink(key, claims);
    expect(checkLink(key, token, now, 'antwoord')).toEqual({ ok: true, claims });
    expect(checkLink(key, token, new Date('2026-11-13T00:00:00Z'), 'antwoord')).toEqual({ ok: false, why: 'expired' });
    expect(checkLink(key, token, now, 'evaluatie')).toEqual({ ok: false, why: 'invalid' });
    expect(checkLink(otherKey, token, now, 'antwoord')).toEqual({ ok: false, why: 'invalid' });
  });

  it('puts a link behind its page on the link pages\' address, with or without a trailing slash there (linkPageUrl)', () => {
    expect(linkPageUrl('https://rapport.example/', 'aanleveren', 'v1.a.b')).toBe('https://rapport.example/aanleveren/v1.a.b');
    expect(linkPageUrl('http://127.0.0.1:4380', 'antwoord', 'v1.a.b')).toBe('http://127.0.0.1:4380/antwoord/v1.a.b');
  });
});
