import { describe, expect, it } from 'vitest';
import { InMemoryArchive, InMemoryData, InMemoryImageStore } from '../../functions/adapters/memory';
import { ImageStore } from '../../functions/adapters/image-store';
import { ArchiveStore } from '../../functions/adapters/s3-archive';
import { DataMissingError } from '../../functions/core/errors';
import type { ImageRecord } from '../../functions/core/report-images';
import type { Archive, ImageLibrary } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
const subjects: { name: string; make(): Promise<{ archive: Archive; images: ImageLibrary }> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const data = new InMemoryData();
      const archive = new InMemoryArchive(data);
      return { archive, images: new InMemoryImageStore(data, archive) };
    },
  },
  {
    name: 'DynamoDB (dynalite) with the archive on S3 (s3rver)',
    make: async () => {
      const archive = new ArchiveStore(await emulators.bucket());
      return { archive, images: new ImageStore(await emulators.table(), archive) };
    },
  },
];

const bytes = (text: string) => new TextEncoder().encode(text);
const image = (id: string, addedAt: string): ImageRecord => ({
  period: '2026-09',
  id,
  section: 'kerngetallen',
  municipality: null,
  alt: 'Grafiek van de instroom',
  source: 'Bron: eigen registratie',
  key: `images/2026-09/${id}.png`,
  width: 10,
  height: 10,
  contentType: 'image/png',
  size: 4,
  addedBy: 'operator',
  addedAt,
});

describe.each(subjects)('ImageLibrary: $name', ({ make }) => {
  it('adds an image with its bytes, lists it for its period only, and loads it for a run', async () => {
    // Prepare
    const { images } = await make();
    // Act
    await images.add(image('abcd1234', '2026-10-01T09:00:00.000Z'), bytes('png1'));
    await images.add({ ...image('efgh5678', '2026-10-01T09:01:00.000Z'), period: '2026-07', key: 'images/2026-07/efgh5678.png' }, bytes('png2'));
    // Assess
    expect(await images.list('2026-09')).toEqual([image('abcd1234', '2026-10-01T09:00:00.000Z')]);
    const loaded = await images.forPeriod('2026-09');
    expect(loaded.map((l) => [l.record.id, new TextDecoder().decode(l.bytes)])).toEqual([['abcd1234', 'png1']]);
    expect(await images.list('2026-11')).toEqual([]);
  });

  it('removes the record and its bytes, once', async () => {
    // Prepare
    const { archive, images } = await make();
    await images.add(image('abcd1234', '2026-10-01T09:00:00.000Z'), bytes('png1'));
    // Act
    const removed = await images.remove('2026-09', 'abcd1234');
    const again = await images.remove('2026-09', 'abcd1234');
    // Assess
    expect(removed).toMatchObject({ id: 'abcd1234', key: 'images/2026-09/abcd1234.png' });
    expect(again).toBeUndefined();
    expect(await images.list('2026-09')).toEqual([]);
    expect(await archive.find('images/2026-09/abcd1234.png')).toBeUndefined();
  });

  it('stops a run whose image has lost its bytes, naming the image and what to do', async () => {
    // Prepare
    const { archive, images } = await make();
    await images.add(image('abcd1234', '2026-10-01T09:00:00.000Z'), bytes('png1'));
    await archive.delete('images/2026-09/abcd1234.png');
    // Act
    const loading = images.forPeriod('2026-09');
    // Assess
    await expect(loading).rejects.toBeInstanceOf(DataMissingError);
    await expect(loading).rejects.toThrow(/afbeelding abcd1234 van 2026-09 heeft geen bestand .* rapportbode images remove --periode 2026-09 --id abcd1234/);
  });
});
