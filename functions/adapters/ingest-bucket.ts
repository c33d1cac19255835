import type { Readable } from 'node:stream';
import type { IngestFiles } from '../usecases/ports';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client as s3 } from './s3-client';

/** The ingest bucket: files to import land in `incoming/` and move on when they are handled. */
export class IngestBucket implements IngestFiles {
  constructor(readonly bucket: string) {}

  /** Size in bytes, read before the object itself so an oversized file is refused unread. */
  async size(key: string): Promise<number> {
    const head = await s3().send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return head.ContentLength ?? 0;
  }

  /** The object's bytes as a stream: only a chunk at a time is in memory. */
  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const result = await s3().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!result.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return result.Body as Readable;
  }

  async putText(key: string, text: string): Promise<void> {
    await s3().send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: 'text/plain; charset=utf-8' }));
  }

  /** Copy, then delete: S3 has no rename. A crash between the two leaves the file in both places. */
  async move(from: string, to: string): Promise<void> {
    const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    await s3().send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source }));
    await s3().send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
  }
}
