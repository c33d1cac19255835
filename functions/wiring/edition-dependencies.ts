import type { Config } from '../adapters/config';
import { DeliveryLog } from '../adapters/delivery-log';
import { editionAssets } from '../adapters/edition-assets';
import { EditionBucket } from '../adapters/edition-bucket';
import { EditionDirectory } from '../adapters/edition-directory';
import { ArchiveStore } from '../adapters/s3-archive';
import type { EditionFile } from '../usecases/ports';
import type { EditionDeps } from '../usecases/web-edition';

/**
 * The web edition's ports: the pages' bucket in AWS (WEB_BUCKET), the map's `web/` folder locally
 * (RAPPORTBODE_WEB_DIR); undefined where neither is set, and then a final publishes no edition.
 */
export function editionDeps(config: Pick<Config, 'TABLE_NAME' | 'RETENTION_DAYS' | 'ARCHIVE_BUCKET' | 'WEB_BUCKET' | 'RAPPORTBODE_WEB_DIR'>): EditionDeps | undefined {
  const publisher = config.WEB_BUCKET ? new EditionBucket(config.WEB_BUCKET) : config.RAPPORTBODE_WEB_DIR ? new EditionDirectory(config.RAPPORTBODE_WEB_DIR) : undefined;
  if (!publisher) return undefined;
  let assets: readonly EditionFile[] | undefined;
  return {
    log: new DeliveryLog(config.TABLE_NAME, config.RETENTION_DAYS),
    archive: new ArchiveStore(config.ARCHIVE_BUCKET),
    publisher,
    // Read on first use, once per process. In Lambda none: the run function's bundle has no NL
    // Design System stylesheets; the deployment puts `assets/` in the bucket and a publish keeps it.
    assets: () => (process.env.AWS_LAMBDA_FUNCTION_NAME ? [] : (assets ??= editionAssets())),
  };
}
