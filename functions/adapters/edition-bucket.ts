import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../core/concurrency';
import { s3Client as s3 } from './s3-client';
import type { EditionFile, EditionPublisher } from '../usecases/ports';

const ASSETS = 'assets/';

/**
 * The web edition in the pages' bucket (`WEB_BUCKET`, behind CloudFront). A bucket cannot switch
 * a whole site at once, so the order keeps every page whole: first the CSVs, images and assets,
 * then the pages that link to them, and only then the objects no longer published are deleted.
 */
export class EditionBucket implements EditionPublisher {
  constructor(private readonly bucket: string) {}

  async publish(files: readonly EditionFile[]): Promise<void> {
    const before = await this.keys();
    const pages = files.filter((f) => f.path.endsWith('.html'));
    const rest = files.filter((f) => !f.path.endsWith('.html'));
    await mapWithConcurrency(rest, 8, (f) => this.put(f));
    await mapWithConcurrency(pages, 8, (f) => this.put(f));
    const kept = new Set(files.map((f) => f.path));
    // A publish without assets (the run function's: its bundle has no stylesheet sources) keeps the deployed ones.
    const withAssets = files.some((f) => f.path.startsWith(ASSETS));
    const stale = before.filter((key) => !kept.has(key) && (withAssets || !key.startsWith(ASSETS)));
    for (let i = 0; i < stale.length; i += 1000) {
      await s3().send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: stale.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    }
  }

  private async put(file: EditionFile): Promise<void> {
    // A page changes with every release (its period picker): never served from a stale cache.
    await s3().send(new PutObjectCommand({ Bucket: this.bucket, Key: file.path, Body: file.bytes, ContentType: file.contentType, CacheControl: 'no-cache' }));
  }

  private async keys(): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
