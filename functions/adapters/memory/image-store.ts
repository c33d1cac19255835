import type { ImageRecord, LoadedImage } from '../../core/report-images';
import type { Archive, ImageLibrary } from '../../usecases/ports';
import { InMemoryArchive } from './archive';
import { InMemoryData, copy } from './data';
import { compare } from './organisation-store';
import { withBytes } from '../image-bytes';

/**
 * The period's images in memory (the real one: adapters/image-store.ts): bytes in the archive,
 * then the record; removed record first. `new InMemoryImageStore(data?, archive?)`.
 */
export class InMemoryImageStore implements ImageLibrary {
  constructor(
    readonly data: InMemoryData = new InMemoryData(),
    private readonly archive: Archive = new InMemoryArchive(data),
  ) {}

  async list(period: string): Promise<ImageRecord[]> {
    return [...this.data.images.entries()]
      .filter(([key]) => key.startsWith(`${period}/`))
      .sort(([a], [b]) => compare(a, b))
      .map(([, record]) => copy(record));
  }

  async forPeriod(period: string): Promise<LoadedImage[]> {
    return withBytes(await this.list(period), period, this.archive);
  }

  async add(record: ImageRecord, bytes: Uint8Array): Promise<void> {
    await this.archive.put(record.key, bytes, record.contentType);
    const key = `${record.period}/${record.id}`;
    if (this.data.images.has(key)) {
      await this.archive.delete(record.key);
      throw new Error(`image ${key} exists already`);
    }
    this.data.images.set(key, copy(record));
  }

  async remove(period: string, id: string): Promise<(Pick<ImageRecord, 'id'> & Partial<ImageRecord>) | undefined> {
    const key = `${period}/${id}`;
    const record = this.data.images.get(key);
    if (!record) return undefined;
    this.data.images.delete(key);
    await this.archive.delete(record.key);
    return copy(record);
  }
}
