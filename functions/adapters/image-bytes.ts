import { DataMissingError } from '../core/errors';
import type { ImageRecord, LoadedImage } from '../core/report-images';
import type { Archive } from '../usecases/ports';

/**
 * A period's images with their bytes from the archive, in parallel; shared by the DynamoDB and the
 * in-memory image library. An image whose bytes are gone stops the run rather than leaving a hole
 * in the report.
 */
export function withBytes(records: readonly ImageRecord[], period: string, archive: Pick<Archive, 'find'>): Promise<LoadedImage[]> {
  return Promise.all(
    records.map(async (record) => {
      const bytes = await archive.find(record.key);
      if (!bytes) throw new DataMissingError(`afbeelding ${record.id} van ${period} heeft geen bestand op ${record.key}; voeg hem opnieuw toe of haal hem weg met rapportbode images remove --periode ${period} --id ${record.id}`);
      return { record, bytes };
    }),
  );
}
