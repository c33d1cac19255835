import { randomBytes } from 'node:crypto';
import type { Config } from '../adapters/config';
import { prepareImage } from '../adapters/image-codec';
import { ImageStore } from '../adapters/image-store';
import { OrganisationStore } from '../adapters/organisation-store';
import { ArchiveStore } from '../adapters/s3-archive';
import type { ImageDeps } from '../usecases/images';
import type { AuditLog } from '../usecases/ports';

/**
 * Wires the real adapters for the images commands. A module of its own: the image codec (jimp)
 * is needed only where images are added, not in the run's or the re-send's bundle.
 */
export function imageDeps(config: Pick<Config, 'TABLE_NAME' | 'ARCHIVE_BUCKET'>, audit: AuditLog): ImageDeps {
  return {
    store: new OrganisationStore(config.TABLE_NAME),
    images: new ImageStore(config.TABLE_NAME, new ArchiveStore(config.ARCHIVE_BUCKET)),
    prepare: prepareImage,
    // Short enough to type in `images remove --id`; random, so two operators never collide.
    newId: () => randomBytes(4).toString('hex'),
    now: () => new Date(),
    audit,
  };
}
