import { createSign } from 'node:crypto';
import { READING_COOKIE_SECONDS } from '../core/edition-access';
import type { EditionGate } from '../links/lezen-page';

/**
 * CloudFront's own private-content mechanism for the web edition in AWS: signed cookies with a
 * custom policy whose Resource is `https://<domain>/<edition>/*`, so a browser holding Tiel's
 * cookies gets nothing else from the distribution (CloudFront refuses with 403 before S3 is asked).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * The signature is CloudFront's documented one (RSA-SHA1 over the policy's JSON, base64 with
 * `+=/` → `-_~`): a few lines of node:crypto rather than another package.
 */
export interface CloudFrontSigner {
  /** The distribution's domain, e.g. `d111111abcdef8.cloudfront.net`. */
  readonly domain: string;
  /** The id of the public key in the behaviours' trusted key group. */
  readonly keyPairId: string;
  /** The private key (PEM) of that public key. */
  readonly privateKey: () => Promise<string>;
}

/** The three cookies that open `https://<domain>/<edition>/*` until `expiresAt` (epoch seconds). */
export function signedCookies(edition: string, signer: Omit<CloudFrontSigner, 'privateKey'>, privateKey: string, expiresAt: number): Record<string, string> {
  const policy = JSON.stringify({ Statement: [{ Resource: `https://${signer.domain}/${edition}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': expiresAt } } }] });
  const signature = createSign('RSA-SHA1').update(policy).sign(privateKey, 'base64');
  return {
    'CloudFront-Policy': cloudFrontBase64(Buffer.from(policy).toString('base64')),
    'CloudFront-Signature': cloudFrontBase64(signature),
    'CloudFront-Key-Pair-Id': signer.keyPairId,
  };
}

/** The editions on the distribution (`/<edition>/`), opened by CloudFront signed cookies on each edition's path. */
export function cloudFrontEditionGate(signer: CloudFrontSigner): EditionGate {
  return {
    address: (edition) => `/${edition}/`,
    cookies: async (editions, _subject, now) => {
      const key = await signer.privateKey();
      const expiresAt = Math.floor(now.getTime() / 1000) + READING_COOKIE_SECONDS;
      return editions.flatMap((edition) =>
        Object.entries(signedCookies(edition, signer, key, expiresAt)).map(
          ([name, value]) => `${name}=${value}; Path=/${edition}/; Max-Age=${READING_COOKIE_SECONDS}; Secure; HttpOnly; SameSite=Lax`,
        ),
      );
    },
  };
}

/** Base64 in CloudFront's alphabet for cookies and URLs. */
function cloudFrontBase64(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}
