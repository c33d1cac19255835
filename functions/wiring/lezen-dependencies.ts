import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cloudFrontEditionGate } from '../adapters/cloudfront-cookies';
import type { Config } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import type { LezenPageDeps } from '../links/lezen-page';
import { localEditionGate } from '../links/local-edition-gate';
import { linkKey } from './link-key';

const secrets = new SecretsManagerClient({});
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

/** The private key, read once per container. */
function privateKey(arn: string): Promise<string> {
  if (cachedPrivateKey?.arn !== arn) {
    const pem = secrets.send(new GetSecretValueCommand({ SecretId: arn })).then(({ SecretString }) => {
      if (!SecretString?.includes('PRIVATE KEY')) throw new Error(`secret ${arn} holds no PEM private key for the editions' signed cookies`);
      return SecretString;
    });
    cachedPrivateKey = { arn, pem };
  }
  return cachedPrivateKey.pem;
}
