import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cloudFrontEditionGate } from '../adapters/cloudfront-cookies';
import type { Config } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import { consoleReadingToken, readingLinkToken } from '../core/reading-link';
import { editionSlug } from '../core/edition-site';
import type { LezenPageDeps } from '../links/lezen-page';
import type { ReadingLinks } from '../usecases/ports';
import { localEditionGate } from '../links/local-edition-gate';
import { linkKey } from './link-key';

let cachedPrivateKey: { arn: string; pem: Promise<string> } | undefined;

/**
 * The `lezen` page wired to the stack: in AWS (EDITION_KEY_PAIR_ID set) CloudFront signed cookies
 * for the editions' distribution, locally the console's reading cookie.
 */
export function lezenDeps(config: Config): LezenPageDeps {
  const key = () => linkKey(config);
  return {
    key,
    organisation: new OrganisationStore(config.TABLE_NAME),
    gate: config.EDITION_KEY_PAIR_ID ? cloudFrontGate(config, config.EDITION_KEY_PAIR_ID) : localEditionGate(key, config.LINK_PAGES_URL.startsWith('https:')),
    now: () => new Date(),
  };
}

function cloudFrontGate(config: Config, keyPairId: string) {
  const arn = config.EDITION_SIGNING_KEY_SECRET_ARN;
  if (!config.WEB_URL || !arn) throw new Error('EDITION_KEY_PAIR_ID is set, so WEB_URL and EDITION_SIGNING_KEY_SECRET_ARN must be set too (infra/web-edition.ts grantReadingCookies)');
  return cloudFrontEditionGate({ domain: new URL(config.WEB_URL).host, keyPairId, privateKey: () => privateKey(arn) });
}

/** The private key, read once per container (the client made only where there is a secret: the run and the CLI need none). */
function privateKey(arn: string): Promise<string> {
  if (cachedPrivateKey?.arn !== arn) {
    const pem = new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn })).then(({ SecretString }) => {
      if (!SecretString?.includes('PRIVATE KEY')) throw new Error(`secret ${arn} holds no PEM private key for the editions' signed cookies (README, Deploy: editionPublicKey)`);
      return SecretString;
    });
    // A key put in the secret after a failed read is read on the next visit, not after the container ends.
    pem.catch(() => {
      if (cachedPrivateKey?.pem === pem) cachedPrivateKey = undefined;
    });
    cachedPrivateKey = { arn, pem };
  }
  return cachedPrivateKey.pem;
}

/** Where the editions are read: WEB_URL in AWS, the console's `/editie` locally. */
export function editionsUrl(config: Pick<Config, 'WEB_URL' | 'LINK_PAGES_URL'>): string {
  return (config.WEB_URL ?? `${config.LINK_PAGES_URL.replace(/\/+$/, '')}/editie`).replace(/\/+$/, '');
}

/**
 * The final's "Lees deze rapportage online": openbaar the edition's address; besloten a `lezen`
 * link on the editions' origin (so the cookies it sets reach the pages), signed with the link key;
 * none where no key is kept (a bare Lambda environment without LINK_KEY_SECRET_ARN).
 */
export function readingLinks(config: Config, now: () => Date = () => new Date()): ReadingLinks {
  const web = editionsUrl(config);
  const hasKey = Boolean(config.LINK_KEY_SECRET_ARN || config.RAPPORTBODE_LINK_KEY_DIR);
  return {
    forMail: async ({ municipality, period, emails, publication }) => {
      if (publication === 'openbaar') return { url: `${web}/${editionSlug(municipality)}/${period ? `${period}/` : ''}`, personal: false };
      if (!hasKey) return undefined;
      const token = readingLinkToken(await linkKey(config), { municipality, emails, now: now() });
      // The period rides after the token, unsigned: the lezen page takes only a JJJJ-MM there (lezen-page.ts).
      return { url: new URL(`/lezen/${token}${period ? `/${period}` : ''}`, web).href, personal: true };
    },
  };
}

/**
 * A console user's way into a municipality's edition: openbaar its address; besloten a `lezen`
 * link valid minutes (core/reading-link.ts, consoleReadingToken). None without a link key.
 */
export function consoleReadingLink(
  config: Pick<Config, 'TABLE_NAME' | 'LINK_PAGES_URL' | 'WEB_URL' | 'LINK_KEY_SECRET_ARN' | 'RAPPORTBODE_LINK_KEY_DIR'>,
  now: () => Date = () => new Date(),
): (municipality: string, actor: string) => Promise<string | undefined> {
  const web = editionsUrl(config);
  const hasKey = Boolean(config.LINK_KEY_SECRET_ARN || config.RAPPORTBODE_LINK_KEY_DIR);
  const publication = new OrganisationStore(config.TABLE_NAME);
  return async (municipality, actor) => {
    if ((await publication.organisation())?.config.publication === 'openbaar') return `${web}/${editionSlug(municipality)}/`;
    if (!hasKey) return undefined;
    return new URL(`/lezen/${consoleReadingToken(await linkKey(config), { municipality, actor, now: now() })}`, web).href;
  };
}
