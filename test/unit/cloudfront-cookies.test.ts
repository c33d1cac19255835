import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cloudFrontEditionGate, signedCookies } from '../../functions/adapters/cloudfront-cookies';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const signer = { domain: 'd111111abcdef8.cloudfront.net', keyPairId: 'K2JCJMDEHXQW5F' };
const fromCloudFrontBase64 = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

describe('CloudFront signed cookies for one edition', () => {
  it("carry a custom policy for that edition's path only, until the given time, signed with the private key", () => {
    const cookies = signedCookies('tiel', signer, privateKey, 1_800_000_000);
    const policy = fromCloudFrontBase64(cookies['CloudFront-Policy'] as string).toString('utf8');
    expect(JSON.parse(policy)).toEqual({ Statement: [{ Resource: 'https://d111111abcdef8.cloudfront.net/tiel/*', Condition: { DateLessThan: { 'AWS:EpochTime': 1_800_000_000 } } }] });
    // CloudFront's alphabet: no +, = or / in a cookie value.
    for (const value of Object.values(cookies)) expect(value).not.toMatch(/[+=/]/);
    const signature = fromCloudFrontBase64(cookies['CloudFront-Signature'] as string);
    expect(createVerify('RSA-SHA1').update(policy).verify(publicKey, signature)).toBe(true);
    expect(cookies['CloudFront-Key-Pair-Id']).toBe('K2JCJMDEHXQW5F');
  });

  it("set on each edition's own path, for a day, Secure and out of reach of scripts", async () => {
    const gate = cloudFrontEditionGate({ ...signer, privateKey: async () => privateKey });
    const cookies = await gate.cookies(['tiel', 'organisatie'], 'subject', new Date('2026-11-04T09:00:00Z'));
    expect(cookies).toHaveLength(6);
    expect(cookies.filter((c) => c.includes('; Path=/tiel/;')).map((c) => c.split('=')[0])).toEqual(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax$/);
    const tielPolicy = cookies.find((c) => c.startsWith('CloudFront-Policy=') && c.includes('Path=/tiel/'))?.split(';')[0]?.slice('CloudFront-Policy='.length) as string;
    expect(JSON.parse(fromCloudFrontBase64(tielPolicy).toString('utf8')).Statement[0].Condition.DateLessThan['AWS:EpochTime']).toBe(Date.parse('2026-11-05T09:00:00Z') / 1000);
    expect(gate.address('tiel')).toBe('/tiel/');
  });
});
