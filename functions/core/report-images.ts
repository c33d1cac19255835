import { z } from 'zod';
import { formatBytes } from './format';
import type { Municipality } from './organisation';
import { hasControlCharacter, resolveMunicipality } from './recipient-validation';

/**
 * Images an operator adds to a period's report: screenshots of internal dashboards and graphs
 * from the Divosa benchmark reports (seed 000). Pure: what an image may be, where it goes and
 * how far it is scaled; reading, scaling and storing are the adapters' work.
 */

/** The organisation-wide sections of the report, as named in templates/partials/organisation.hbs. */
export const ORGANISATION_SECTIONS = ['kerngetallen', 'doelen', 'benchmark', 'toelichting', 'grafieken'] as const;
export type OrganisationSection = (typeof ORGANISATION_SECTIONS)[number];

/** A municipality's own paragraph: an image there is shown to that municipality only. */
export const MUNICIPALITY_SECTION = 'gemeente';
export const IMAGE_SECTIONS = [...ORGANISATION_SECTIONS, MUNICIPALITY_SECTION] as const;
export type ImageSection = (typeof IMAGE_SECTIONS)[number];

export const IMAGE_CONTENT_TYPES = ['image/png', 'image/jpeg'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];
export const IMAGE_EXTENSIONS: Record<ImageContentType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

/** Larger files are refused before they are read: a screenshot is a few MB at most. */
export const MAX_IMAGE_FILE_BYTES = 20 * 1024 * 1024;
/**
 * Decoding takes four bytes a pixel; a small, highly compressed PNG can declare enormous
 * dimensions. 40 megapixels (8000×5000) is past any screen and stays within the CLI's memory.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/**
 * The box an image is scaled into. The text column of an A4 page is 174 mm: 1600 px prints at
 * about 230 dpi there, sharp for a screenshot; more only adds to every mail's size.
 */
export const MAX_IMAGE_WIDTH = 1600;
export const MAX_IMAGE_HEIGHT = 2400;
/** Quality of a JPEG that had to be scaled and so is encoded again. */
export const JPEG_QUALITY = 85;

const MAX_ALT_CHARACTERS = 500;
const MAX_SOURCE_CHARACTERS = 200;

/** A line of text for the report: no line breaks or other control characters, trimmed, not empty. */
function textLine(field: string, max: number) {
  return z
    .string(`${field} ontbreekt`)
    .refine((text) => !hasControlCharacter(text), `${field} bevat een regeleinde of een ander stuurteken; haal dat weg`)
    .transform((text) => text.trim())
    .pipe(z.string().min(1, `${field} is leeg`).max(max, `${field} is langer dan ${max} tekens`));
}

const ImageArgumentsSchema = z.object({
  section: z.enum(IMAGE_SECTIONS, `--sectie: kies uit ${IMAGE_SECTIONS.join(', ')}`),
  alt: textLine('--alt (de tekst die wordt voorgelezen in plaats van de afbeelding)', MAX_ALT_CHARACTERS),
  source: textLine('--bron (de bron onder de afbeelding)', MAX_SOURCE_CHARACTERS),
});

export interface ImageArguments {
  /** Optional with --gemeente: a municipality's image goes in its paragraph. */
  readonly section?: string;
  readonly municipality?: string;
  readonly alt?: string;
  readonly source?: string;
}

/** Where an image goes and what is printed with it, checked and normalised. */
export interface ImagePlacement {
  readonly section: ImageSection;
  /** The municipality's name as stored; null for an organisation-wide section. */
  readonly municipality: string | null;
  readonly alt: string;
  readonly source: string;
}

/**
 * Checks the operator's arguments for an image: a known section, a known municipality (without
 * regard to case) only with the section `gemeente`, and the alt text and source as plain lines.
 * Returns every problem at once, each naming its option.
 */
export function checkImageArguments(args: ImageArguments, municipalities: readonly Municipality[]): { placement: ImagePlacement } | { problems: string[] } {
  const given = args.municipality?.trim() || null;
  const section = args.section?.trim().toLowerCase() || (given ? MUNICIPALITY_SECTION : undefined);
  const parsed = ImageArgumentsSchema.safeParse({ section, alt: args.alt, source: args.source });
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  let municipality: string | null = null;
  if (given) {
    municipality = resolveMunicipality(given, municipalities) ?? null;
    if (!municipality) problems.push(`--gemeente: "${given}" is geen gemeente van de organisatie (wel: ${municipalities.map((m) => m.name).join(', ')})`);
    if (section && section !== MUNICIPALITY_SECTION && parsed.success) {
      problems.push(`--gemeente: een afbeelding voor één gemeente komt in haar eigen alinea; gebruik --sectie ${MUNICIPALITY_SECTION} of laat --sectie weg`);
    }
  } else if (section === MUNICIPALITY_SECTION) {
    problems.push(`--sectie ${MUNICIPALITY_SECTION} vraagt --gemeente: zeg van welke gemeente de alinea is`);
  }
  if (!parsed.success || problems.length > 0) return { problems };
  return { placement: { section: parsed.data.section, municipality, alt: parsed.data.alt, source: parsed.data.source } };
}

export interface ImageFacts {
  readonly contentType: ImageContentType;
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * What the file really is, from its first bytes (never its name), and its dimensions from the
 * header, so a decompression bomb is refused before it is decoded. Undefined when it is neither
 * PNG nor JPEG, or its header is cut short.
 */
export function sniffImage(bytes: Uint8Array): ImageFacts | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    // The IHDR chunk comes first: length (4), type (4), width (4), height (4).
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { contentType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = jpegSize(bytes);
    return size && { contentType: 'image/jpeg', ...size };
  }
  return undefined;
}

/** The frame size from a JPEG's SOF marker, walking the segments that come before it. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    // Start of scan or end of image before any frame header: not a usable JPEG.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = view.getUint16(offset + 2);
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 9 > bytes.length) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

/**
 * Checks an image file's bytes: really PNG or JPEG, not empty, not too large to decode.
 * The problem is worded for the operator, naming the file.
 */
export function checkImageFile(bytes: Uint8Array, name: string): { facts: ImageFacts } | { problem: string } {
  if (bytes.length > MAX_IMAGE_FILE_BYTES) return { problem: imageTooLarge(name, bytes.length) };
  const facts = sniffImage(bytes);
  if (!facts) return { problem: `${name} is geen PNG- of JPEG-afbeelding (beoordeeld op de inhoud, niet op de naam); sla hem op als PNG of JPEG` };
  if (facts.width === 0 || facts.height === 0) return { problem: `${name} zegt ${facts.width}×${facts.height} pixels te zijn: dat is geen afbeelding` };
  if (facts.width * facts.height > MAX_IMAGE_PIXELS) {
    return { problem: `${name} is ${facts.width}×${facts.height} pixels; hoogstens ${MAX_IMAGE_PIXELS / 1_000_000} megapixel kan worden verwerkt — verklein hem eerst` };
  }
  return { facts };
}

/** The file is over the size cap: said the same before it is read and after. */
export function imageTooLarge(name: string, size: number): string {
  return `${name} is ${formatBytes(size)}; een afbeelding mag hoogstens ${formatBytes(MAX_IMAGE_FILE_BYTES)} zijn — exporteer hem kleiner of als JPEG`;
}

/**
 * The size an image is stored at: unchanged when it fits the box, otherwise scaled down to fit,
 * keeping its proportions. Never scaled up: a small image prints at its own size.
 */
export function scaledSize(width: number, height: number): { width: number; height: number; scaled: boolean } {
  const factor = Math.min(1, MAX_IMAGE_WIDTH / width, MAX_IMAGE_HEIGHT / height);
  if (factor === 1) return { width, height, scaled: false };
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)), scaled: true };
}

/** Where an image's bytes live in the archive bucket. */
export function imageKey(period: string, id: string, contentType: ImageContentType): string {
  return `images/${period}/${id}.${IMAGE_EXTENSIONS[contentType]}`;
}

/** An image as recorded in the table (validated when read back: the table is outside input too). */
export const ImageRecordSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  id: z.string().regex(/^[a-z0-9]{4,32}$/),
  section: z.enum(IMAGE_SECTIONS),
  municipality: z.string().min(1).nullable(),
  alt: z.string().min(1),
  source: z.string().min(1),
  key: z.string().startsWith('images/'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  contentType: z.enum(IMAGE_CONTENT_TYPES),
  size: z.number().int().positive(),
  addedBy: z.string().min(1),
  addedAt: z.string().min(1),
}).refine((r) => (r.section === MUNICIPALITY_SECTION) === (r.municipality !== null), 'een gemeente hoort bij de sectie gemeente, en alleen daar');
export type ImageRecord = z.infer<typeof ImageRecordSchema>;

/** A stored image with its bytes, as a run loads it. */
export interface LoadedImage {
  readonly record: ImageRecord;
  readonly bytes: Uint8Array;
}

/** An image as the report shows it: embedded as a data URL, with its text alternative and source. */
export interface ReportImage {
  readonly id: string;
  readonly alt: string;
  readonly source: string;
  /** `data:image/png;base64,…`: the page may fetch nothing, so the image travels inside it. */
  readonly src: string;
  readonly width: number;
  readonly height: number;
}

export type OrganisationImages = Readonly<Record<OrganisationSection, readonly ReportImage[]>>;

/**
 * Sorts a period's images into the report: organisation-wide ones by section (shown in every
 * municipality's report), a municipality's own ones to its paragraph only. In the order they
 * were added, so an operator controls the order by adding.
 */
export function placeImages(images: readonly LoadedImage[]): { organisation: OrganisationImages; byMunicipality: ReadonlyMap<string, readonly ReportImage[]> } {
  const organisation = Object.fromEntries(ORGANISATION_SECTIONS.map((s) => [s, [] as ReportImage[]])) as Record<OrganisationSection, ReportImage[]>;
  const byMunicipality = new Map<string, ReportImage[]>();
  const ordered = [...images].sort((a, b) => a.record.addedAt.localeCompare(b.record.addedAt) || a.record.id.localeCompare(b.record.id));
  for (const { record, bytes } of ordered) {
    const image: ReportImage = {
      id: record.id,
      alt: record.alt,
      source: record.source,
      src: `data:${record.contentType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`,
      width: record.width,
      height: record.height,
    };
    if (record.section === MUNICIPALITY_SECTION) {
      // A record without a municipality cannot reach here through checkImageArguments; skip it rather than show it to all.
      if (!record.municipality) continue;
      const list = byMunicipality.get(record.municipality) ?? [];
      list.push(image);
      byMunicipality.set(record.municipality, list);
    } else {
      organisation[record.section].push(image);
    }
  }
  return { organisation, byMunicipality };
}
