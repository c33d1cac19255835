import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { IngestBucket } from '../../functions/adapters/ingest-bucket';
import { InMemoryIngestFiles } from '../../functions/adapters/memory';
import type { IngestFiles } from '../../functions/usecases/ports';
import { useEmulators } from './support';

const emulators = useEmulators();
/** `drop`: a file lands in the bucket as an upload puts it there. */
const subjects: { name: string; make(): Promise<{ files: IngestFiles; drop(key: string, text: string): Promise<void> }> }[] = [
  {
    name: 'in memory',
    make: async () => {
      const files = new InMemoryIngestFiles();
      return { files, drop: async (key, text) => files.drop(key, text) };
    },
  },
  {
    name: 'S3 (s3rver)',
    make: async () => {
      const bucket = await emulators.bucket();
      const s3 = new S3Client({ forcePathStyle: true });
      return { files: new IngestBucket(bucket), drop: async (key, text) => void (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }))) };
    },
  },
];

const textOf = async (chunks: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
};

describe.each(subjects)('IngestFiles: $name', ({ make }) => {
  it('tells the size of a file before it is read, then reads it whole', async () => {
    // Prepare
    const { files, drop } = await make();
    const csv = 'gemeente;maand;waarde\nTiel;2026-09;5,5\nCulemborg;2026-09;6\n';
    await drop('incoming/cijfers.csv', csv);
    // Act
    const size = await files.size('incoming/cijfers.csv');
    const text = await textOf(await files.read('incoming/cijfers.csv'));
    // Assess
    expect(size).toBe(Buffer.byteLength(csv));
    expect(text).toBe(csv);
  });

  it('moves a handled file and writes a report beside it', async () => {
    // Prepare
    const { files, drop } = await make();
    await drop('incoming/fout.csv', 'kapot');
    // Act
    await files.putText('rejected/fout.csv.errors.txt', 'rij 1: kolom gemeente ontbreekt\n');
    await files.move('incoming/fout.csv', 'rejected/fout.csv');
    // Assess
    expect(await textOf(await files.read('rejected/fout.csv'))).toBe('kapot');
    expect(await textOf(await files.read('rejected/fout.csv.errors.txt'))).toBe('rij 1: kolom gemeente ontbreekt\n');
    await expect(files.size('incoming/fout.csv')).rejects.toThrow();
  });
});
