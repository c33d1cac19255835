import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../adapters/config';
import { localLinkKey } from '../adapters/link-key';
import { MIN_LINK_KEY_BYTES } from '../core/personal-link';

let cached: { arn: string; key: Promise<Uint8Array> } | undefined;

/**
 * The key that signs and checks personal links: in AWS the stack's secret (read once per
 * container), locally the map's `link-key` file. Without either, a clear error: no link is made
 * with a key nobody keeps.
 */
export function linkKey(config: Pick<Config, 'LINK_KEY_SECRET_ARN' | 'RAPPORTBODE_LINK_KEY_DIR'>): Promise<Uint8Array> {
  if (config.LINK_KEY_SECRET_ARN) {
    const arn = config.LINK_KEY_SECRET_ARN;
    if (cached?.arn !== arn) cached = { arn, key: secretKey(arn) };
    return cached.key;
  }
  if (config.RAPPORTBODE_LINK_KEY_DIR) return Promise.resolve(localLinkKey(config.RAPPORTBODE_LINK_KEY_DIR));
  return Promise.reject(new Error('no key for personal links: set LINK_KEY_SECRET_ARN (AWS) or RAPPORTBODE_LINK_KEY_DIR (a local map)'));
}

async function secretKey(arn: string): Promise<Uint8Array> {
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  const key = Buffer.from(SecretString ?? '', 'base64url');
  if (key.length < MIN_LINK_KEY_BYTES) throw new Error(`secret ${arn} holds no usable link key (${key.length} bytes, at least ${MIN_LINK_KEY_BYTES}, base64url)`);
  return key;
}
