import { z } from 'zod';
import { IMPORT_KINDS } from '../core/csv-import';
import { RECIPIENT_ROLES } from '../core/organisation';
import { EmailSchema } from '../core/recipient-validation';
import { IMAGE_SECTIONS } from '../core/report-images';

/**
 * The console's request bodies. Addresses go through the CLI's own EmailSchema, names and roles
 * through the use cases' checks (checkRecipient, checkImageArguments, parseCommentary), so a
 * value the CLI refuses is refused here with the same words. These schemas only give the body its
 * shape and size, so nothing unexpected reaches a use case.
 */
const text = (max: number) => z.string().max(max, `ten hoogste ${max} tekens`);
const municipality = text(200).trim();
const optionalMunicipality = z
  .string()
  .max(200)
  .trim()
  .transform((m) => m || null)
  .nullable()
  .default(null);

/** A run id as runs name themselves: `2026-09-final`, `2026-09-concept-2`. */
export const RunIdSchema = z.string().regex(/^\d{4}-\d{2}-(final|concept-\d{1,3})$/, 'geen run-id zoals 2026-09-final of 2026-09-concept-1');
export const PeriodSchema = z.string().regex(/^\d{4}-\d{2}$/, 'geen periode van de vorm JJJJ-MM');

/** The console reads files in the browser and sends their text; Lambda takes at most 6 MB a request. */
export const MAX_UPLOAD_CHARACTERS = 4 * 1024 * 1024;
/**
 * A file's bytes as base64: the readers take bytes, so they can tell UTF-8 from Windows-1252 (what
 * Excel writes), which a browser decoding the file as text would already have mangled.
 */
const fileData = z
  .string()
  .min(1, 'het bestand is leeg')
  .max(MAX_UPLOAD_CHARACTERS * 1.4, 'het bestand is groter dan 4 MB; zet grote bestanden in de ingest-bucket (incoming/)')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'geen base64');
const fileName = text(200)
  .trim()
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'de bestandsnaam bevat een stuurteken')
  .default('bestand.csv');

export const Bodies = {
  release: z
    .object({ runId: RunIdSchema, voorEindeReview: z.boolean().optional(), reden: z.string().max(1000, 'de reden is te lang (hoogstens 1000 tekens)').optional() })
    .strict()
    .refine((b) => !b.voorEindeReview || (b.reden?.trim().length ?? 0) >= 3, { path: ['reden'], message: 'geef een reden om vóór het einde van de review vrij te geven' }),
  hold: z.object({ periode: PeriodSchema, aanhouden: z.boolean() }).strict(),
  addRecipient: z.object({ gemeente: optionalMunicipality, rol: z.enum(RECIPIENT_ROLES, `kies een rol: ${RECIPIENT_ROLES.join(', ')}`), naam: text(400), email: text(400) }).strict(),
  changeRecipient: z.object({ gemeente: optionalMunicipality, email: EmailSchema, rol: z.enum(RECIPIENT_ROLES), naam: text(400) }).strict(),
  removeRecipient: z.object({ gemeente: optionalMunicipality, email: EmailSchema }).strict(),
  importPreview: z.object({ bestand: fileName, data: fileData }).strict(),
  importApply: z.object({ bestand: fileName, data: fileData, kenmerk: z.string().regex(/^[a-f0-9]{64}$/, 'geen kenmerk van een voorbeeld') }).strict(),
  clearBounce: z.object({ email: EmailSchema }).strict(),
  optOut: z.object({ gemeente: municipality, afgemeld: z.boolean() }).strict(),
  figures: z.object({ bestand: fileName, data: fileData, soort: z.enum(IMPORT_KINDS).optional() }).strict(),
  commentaryPreview: z.object({ tekst: text(20_000) }).strict(),
  commentary: z.object({ periode: PeriodSchema, tekst: text(20_000) }).strict(),
  addImage: z
    .object({
      periode: PeriodSchema,
      sectie: z.enum(IMAGE_SECTIONS).optional(),
      gemeente: z.string().max(200).trim().optional(),
      alt: text(2000),
      bron: text(2000),
      bestand: fileName,
      data: fileData,
    })
    .strict(),
  removeImage: z.object({ periode: PeriodSchema, id: z.string().regex(/^[a-z0-9]{4,32}$/) }).strict(),
  resend: z
    .object({
      runId: RunIdSchema,
      gemeente: z.string().max(200).trim().optional(),
      email: EmailSchema.optional(),
      alleenMislukt: z.boolean().default(false),
    })
    .strict()
    .refine((r) => !(r.email && r.alleenMislukt), 'kies één adres of alleen de mislukte, niet allebei'),
  logFilter: z
    .object({
      zoek: text(200).trim().optional(),
      door: text(200).trim().optional(),
      actie: text(100).trim().optional(),
      van: z.iso.date().optional(),
      tot: z.iso.date().optional(),
    })
    .strict()
    .default({}),
} as const;

export type LogFilter = z.infer<typeof Bodies.logFilter>;
