import type { Archive } from '../usecases/ports';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientPerEnvironment } from './sdk-client';

/** One client per environment (sdk-client.ts). */
// Path-style addressing when an endpoint is given: emulators and test stacks have no per-bucket DNS.
const s3 = clientPerEnvironment(['AWS_ENDPOINT_URL_S3', 'AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION'], () => new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }));

export { archiveKeys } from '../core/archive-keys';

/** The archive of every run: HTML, PDF, the raw mails and the data snapshot, kept unchanged. */
export class ArchiveStore implements Archive {
  constructor(private readonly bucket: string) {}

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await s3().send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async get(key: string): Promise<Uint8Array> {
    const result = await s3().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!result.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return result.Body.transformToByteArray();
  }

  /** Only for what an operator takes back (an image): the runs' outputs are never deleted. */
  async delete(key: string): Promise<void> {
    await s3().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** The object, or undefined when there is none under that key. */
  async find(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.get(key);
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string })?.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
