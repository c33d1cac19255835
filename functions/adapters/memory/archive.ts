import type { Archive } from '../../usecases/ports';
import { InMemoryData } from './data';

/** A key that is not in the bucket: named as S3 names it, so callers that check the name see the same. */
export class NoSuchKeyError extends Error {
  override readonly name = 'NoSuchKey';
}

/**
 * The archive bucket in memory (the real one: adapters/s3-archive.ts). `new InMemoryArchive(data?, bucket?)`;
 * `keys()` lists what is stored, for a test to look at.
 */
export class InMemoryArchive implements Archive {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    private readonly bucket = 'archive',
  ) {}

  async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.data.bucket(this.bucket).set(key, { body: bytes, contentType });
  }

  async get(key: string): Promise<Uint8Array> {
    const object = this.data.bucket(this.bucket).get(key);
    if (!object) throw new NoSuchKeyError(`s3://${this.bucket}/${key}: The specified key does not exist.`);
    return new Uint8Array(object.body);
  }

  async find(key: string): Promise<Uint8Array | undefined> {
    const object = this.data.bucket(this.bucket).get(key);
    return object && new Uint8Array(object.body);
  }

  async delete(key: string): Promise<void> {
    this.data.bucket(this.bucket).delete(key);
  }

  keys(): string[] {
    return [...this.data.bucket(this.bucket).keys()].sort();
  }
}
