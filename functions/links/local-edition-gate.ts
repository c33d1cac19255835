import { LOCAL_EDITION_PREFIX, readingCookie } from '../core/edition-access';
import type { EditionGate } from './lezen-page';

/**
 * The editions as the console's local server serves them (`/editie/<slug>/`, same origin as the
 * link pages), opened by the HMAC-signed reading cookie that editionAccess checks.
 * `secure`: the link pages' base is https (a cookie over plain http on loopback cannot be Secure).
 */
export function localEditionGate(key: () => Promise<Uint8Array>, secure: boolean): EditionGate {
  return {
    address: (edition) => `${LOCAL_EDITION_PREFIX}${edition}/`,
    cookies: async (editions, subject, now) => {
      const signingKey = await key();
      return editions.map((edition) => readingCookie(signingKey, { edition, subject, now, secure }));
    },
  };
}
