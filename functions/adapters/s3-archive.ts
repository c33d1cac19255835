import type { Archive } from '../usecases/ports';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client as s3 } from './s3-client';

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
