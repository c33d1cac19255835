import type { IngestFiles } from '../../usecases/ports';
import { NoSuchKeyError } from './archive';
import { InMemoryData } from './data';

/**
 * The ingest bucket in memory (the real one: adapters/ingest-bucket.ts). `new InMemoryIngestFiles(data?)`;
 * `drop(key, bytes)` lands a file as an upload would, `text(key)` and `keys()` show what is there.
 */
export class InMemoryIngestFiles implements IngestFiles {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    readonly bucket = 'ingest',
  ) {}

  drop(key: string, bytes: Uint8Array | string): void {
    this.data.bucket(this.bucket).set(key, { body: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes), contentType: 'application/octet-stream' });
  }

  async size(key: string): Promise<number> {
    return this.object(key).body.length;
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = new Uint8Array(this.object(key).body);
    return (async function* chunks() {
      yield body;
    })();
  }

  async putText(key: string, text: string): Promise<void> {
    this.data.bucket(this.bucket).set(key, { body: new TextEncoder().encode(text), contentType: 'text/plain; charset=utf-8' });
  }

  async move(from: string, to: string): Promise<void> {
    const object = this.object(from);
    this.data.bucket(this.bucket).set(to, object);
    this.data.bucket(this.bucket).delete(from);
  }

  text(key: string): string | undefined {
    const object = this.data.bucket(this.bucket).get(key);
    return object && new TextDecoder().decode(object.body);
  }

  keys(): string[] {
    return [...this.data.bucket(this.bucket).keys()].sort();
  }

  private object(key: string): { body: Uint8Array; contentType: string } {
    const object = this.data.bucket(this.bucket).get(key);
    if (!object) throw new NoSuchKeyError(`s3://${this.bucket}/${key}: The specified key does not exist.`);
    return object;
  }
}
