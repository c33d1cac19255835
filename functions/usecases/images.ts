import type { ImageLibrary, OrganisationReader, PreparedImage } from './ports';
import { DataMissingError, InvalidInputError } from '../core/errors';
import { type Period, periodId } from '../core/periods';
import { type ImageArguments, type ImageContentType, type ImageRecord, checkImageArguments, checkImageFile, imageKey } from '../core/report-images';
import type { AuditLog } from './ports';

export interface ImageDeps {
  readonly store: Pick<OrganisationReader, 'municipalities'>;
  readonly images: ImageLibrary;
  /** Decodes and, when too large, scales the image (jimp, in the image codec). */
  readonly prepare: (bytes: Uint8Array, contentType: ImageContentType, name: string) => Promise<PreparedImage>;
  readonly newId: () => string;
  readonly now: () => Date;
  /** Every image added or taken out is an entry in the audit trail, with who did it. */
  readonly audit: AuditLog;
}

export interface AddImageRequest extends ImageArguments {
  readonly period: Period;
  readonly file: { readonly name: string; readonly bytes: Uint8Array };
  readonly actor: string;
}

export interface AddedImage {
  readonly record: ImageRecord;
  readonly scaledFrom: PreparedImage['scaledFrom'];
  readonly warnings: readonly string[];
}

/**
 * Adds an image to a period's report:
 * 1. check the file (really PNG or JPEG, size, pixels) and the arguments together, so the
 *    operator sees every problem at once; nothing is written when there is one;
 * 2. decode it, scaling it down when it is larger than a page needs;
 * 3. record the change in the audit trail (before it is made, as every change);
 * 4. store the bytes in the archive bucket, then the record that puts it in the report.
 */
export async function addImage(request: AddImageRequest, deps: ImageDeps): Promise<AddedImage> {
  const municipalities = await deps.store.municipalities();
  if (municipalities.length === 0) throw new DataMissingError('er zijn geen gemeenten ingesteld; lees eerst het organisatiebestand in met rapportbode organisation apply');
  const file = checkImageFile(request.file.bytes, request.file.name);
  const checked = checkImageArguments(request, municipalities);
  const problems = [...('problem' in file ? [file.problem] : []), ...('problems' in checked ? checked.problems : [])];
  if ('problem' in file || 'problems' in checked) throw new InvalidInputError(`de afbeelding is niet toegevoegd:\n  ${problems.join('\n  ')}`);

  const prepared = await deps.prepare(request.file.bytes, file.facts.contentType, request.file.name);
  const period = periodId(request.period);
  const id = deps.newId();
  const record: ImageRecord = {
    period,
    id,
    ...checked.placement,
    key: imageKey(period, id, prepared.contentType),
    width: prepared.width,
    height: prepared.height,
    contentType: prepared.contentType,
    size: prepared.bytes.length,
    addedBy: request.actor,
    addedAt: deps.now().toISOString(),
  };
  await deps.audit.audit([{ at: record.addedAt, actor: request.actor, action: 'image added', municipality: record.municipality ?? undefined, detail: describeImage(record) }]);
  await deps.images.add(record, prepared.bytes);
  const municipality = municipalities.find((m) => m.name === record.municipality);
  const warnings = municipality?.optedOut ? [`${municipality.name} is afgemeld voor het rapport: de afbeelding staat er pas in als de gemeente weer is aangemeld`] : [];
  return { record, scaledFrom: prepared.scaledFrom, warnings };
}

export async function listImages(period: Period, deps: Pick<ImageDeps, 'images'>): Promise<ImageRecord[]> {
  const records = await deps.images.list(periodId(period));
  return records.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/** Takes an image out of a period's report; the audit trail records who, before it is gone. */
export async function removeImage(
  period: Period,
  id: string,
  actor: string,
  deps: Pick<ImageDeps, 'images' | 'audit' | 'now'>,
): Promise<Pick<ImageRecord, 'id'> & Partial<ImageRecord>> {
  const trimmed = id.trim().toLowerCase();
  if (!/^[a-z0-9]{4,32}$/.test(trimmed)) throw new InvalidInputError(`--id "${id}" is geen id van een afbeelding; zie rapportbode images list --periode ${periodId(period)}`);
  const record = (await deps.images.list(periodId(period))).find((i) => i.id === trimmed);
  if (record) await deps.audit.audit([{ at: deps.now().toISOString(), actor, action: 'image removed', municipality: record.municipality ?? undefined, detail: describeImage(record) }]);
  const removed = await deps.images.remove(periodId(period), trimmed);
  if (!removed) throw new InvalidInputError(`${periodId(period)} heeft geen afbeelding ${trimmed}; zie rapportbode images list --periode ${periodId(period)}`);
  return removed;
}

/** An image as the audit trail names it: period, place, id, alt text and source. */
function describeImage(record: ImageRecord): string {
  const where = record.municipality ? `alinea van ${record.municipality}` : `sectie ${record.section}`;
  return `${record.period}, ${where}: afbeelding ${record.id} "${record.alt}" (bron: ${record.source})`;
}
