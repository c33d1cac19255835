import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { RapportbodeError } from '../core/errors';
import { type ImageRecord, ImageRecordSchema, type LoadedImage } from '../core/report-images';
import { documentClient, queryAll } from './dynamodb';
import type { Archive, ImageLibrary } from '../usecases/ports';
import { describeIssues } from '../core/validation';
import { withBytes } from './image-bytes';

/** A record in the table that does not read back as an image: someone wrote it by hand. */
export class ImageRecordError extends RapportbodeError {}

/**
 * The images operators add to a period's report. The bytes live in the archive bucket under
 * `images/<period>/<id>.<ext>`, the record in the single table:
 *   IMAGES#<period> / <id>   section, municipality, alt, source, key, width, height, contentType, size, addedBy, addedAt
 * The record is what makes an image part of the report: it is written after the bytes and
 * removed before them, so a run never finds a record without its bytes but a failed write.
 */
export class ImageStore implements ImageLibrary {
  constructor(
    private readonly tableName: string,
    private readonly archive: Archive,
  ) {}

  /** A period's images, in one query. */
  async list(period: string): Promise<ImageRecord[]> {
    const items = await queryAll<Record<string, unknown>>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition(period) },
    });
    return items.map(({ pk: _pk, sk: _sk, ...item }) => {
      const parsed = ImageRecordSchema.safeParse(item);
      if (!parsed.success) {
        throw new ImageRecordError(`het gegeven van afbeelding ${String(_sk)} van ${period} klopt niet (${describeIssues(parsed.error).join('; ')}); haal hem weg met rapportbode images remove --periode ${period} --id ${String(_sk)}`);
      }
      return parsed.data;
    });
  }

  /**
   * A period's images with their bytes, for a run: one query, then the objects in parallel.
   * An image whose bytes are gone stops the run rather than leaving a hole in the report.
   */
  async forPeriod(period: string): Promise<LoadedImage[]> {
    return withBytes(await this.list(period), period, this.archive);
  }

  /** Stores the bytes, then the record; takes the bytes back if the record cannot be written. */
  async add(record: ImageRecord, bytes: Uint8Array): Promise<void> {
    await this.archive.put(record.key, bytes, record.contentType);
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: partition(record.period), sk: record.id, ...record },
          // Ids are random; this only keeps an unlikely collision from replacing another image.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      await this.archive.delete(record.key).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Removes the record (the image leaves the report), then the bytes; undefined when there is
   * none. A record that no longer reads back as valid is removed all the same.
   */
  async remove(period: string, id: string): Promise<(Pick<ImageRecord, 'id'> & Partial<ImageRecord>) | undefined> {
    const result = await documentClient().send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: partition(period), sk: id }, ReturnValues: 'ALL_OLD' }),
    );
    if (!result.Attributes) return undefined;
    const { pk: _pk, sk: _sk, ...item } = result.Attributes;
    const parsed = ImageRecordSchema.safeParse(item);
    const key = parsed.success ? parsed.data.key : typeof item.key === 'string' && item.key.startsWith('images/') ? item.key : undefined;
    if (key) await this.archive.delete(key);
    return parsed.success ? parsed.data : { id };
  }
}

function partition(period: string): string {
  return `IMAGES#${period}`;
}
