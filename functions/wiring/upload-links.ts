import { mkdirSync } from 'node:fs';
import type { Config } from '../adapters/config';
import type { UploadLinks } from '../usecases/delivery-requests';
import { linkKey } from './link-key';

/**
 * The link key and the pages' address for the cycle's requests and reminders, when this stack
 * has a link key (AWS: the secret; locally: the map's file); without one the cycle asks nothing.
 */
export async function uploadLinks(config: Pick<Config, 'LINK_KEY_SECRET_ARN' | 'RAPPORTBODE_LINK_KEY_DIR' | 'LINK_PAGES_URL'>): Promise<UploadLinks | undefined> {
  if (!config.LINK_KEY_SECRET_ARN && !config.RAPPORTBODE_LINK_KEY_DIR) return undefined;
  // A map used against running emulators may not exist yet: its key is made on first use.
  if (!config.LINK_KEY_SECRET_ARN && config.RAPPORTBODE_LINK_KEY_DIR) mkdirSync(config.RAPPORTBODE_LINK_KEY_DIR, { recursive: true });
  return { key: await linkKey(config), baseUrl: config.LINK_PAGES_URL };
}
