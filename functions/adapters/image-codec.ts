import { Jimp, JimpMime } from 'jimp';
import { InvalidInputError } from '../core/errors';
import { type ImageContentType, JPEG_QUALITY, scaledSize } from '../core/report-images';
import type { PrepareImage, PreparedImage } from '../usecases/ports';

export type { PreparedImage };

/**
 * Decodes an image an operator adds (jimp: pure JavaScript, so no native build in the CLI or a
 * Lambda) and scales it down when it is larger than a page needs. An image that fits is stored
 * byte for byte; a scaled one is encoded again in its own format, a JPEG at JPEG_QUALITY.
 * Decoding also proves the file is a whole image, not just one with the right first bytes.
 */
export const prepareImage: PrepareImage = async (bytes: Uint8Array, contentType: ImageContentType, name: string): Promise<PreparedImage> => {
  let image: Awaited<ReturnType<typeof Jimp.fromBuffer>>;
  try {
    image = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const kind = contentType === 'image/png' ? 'PNG' : 'JPEG';
    throw new InvalidInputError(`${name} begint als een ${kind}, maar kan niet worden gelezen (beschadigd of afgebroken?); exporteer hem opnieuw`, { cause: error });
  }
  // The decoded size, after jimp applied a JPEG's EXIF orientation, is the size the reader sees.
  const { width, height } = image;
  const target = scaledSize(width, height);
  if (!target.scaled) return { bytes, contentType, width, height, scaledFrom: null };
  image.resize({ w: target.width, h: target.height });
  const encoded = contentType === 'image/png' ? await image.getBuffer(JimpMime.png) : await image.getBuffer(JimpMime.jpeg, { quality: JPEG_QUALITY });
  return { bytes: new Uint8Array(encoded), contentType, width: target.width, height: target.height, scaledFrom: { width, height } };
};
