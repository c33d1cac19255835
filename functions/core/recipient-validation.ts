import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type ImportProblem, ImportRejectedError } from './csv-import';
import { InvalidInputError } from './errors';
import { type Municipality, RECIPIENT_ROLES, type Recipient } from './organisation';

/**
 * C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. A CR or LF in
 * a name or address would let it add mail headers (header injection); the others have no place
 * in a name either.
 */
export function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

const NameSchema = z
  .string()
  .refine((name) => !hasControlCharacter(name), 'the name contains a line break or another control character')
  .transform((name) => name.trim())
  .pipe(z.string().min(1, 'the name is empty').max(200, 'the name is longer than 200 characters'));

/** A bare address (no display name), lower-cased: the same mailbox is one address everywhere. */
export const EmailSchema = z
  .string()
  .refine((email) => !hasControlCharacter(email), 'the address contains a line break or another control character')
  .transform((email) => email.trim().toLowerCase())
  .pipe(z.email('not a valid e-mail address').max(254, 'the address is longer than 254 characters'));

const RecipientInputSchema = z.object({
  municipality: z.string().nullable(),
  role: z.enum(RECIPIENT_ROLES, `the role must be one of ${RECIPIENT_ROLES.join(', ')}`),
  name: NameSchema,
  email: EmailSchema,
});

export type RecipientInput = z.input<typeof RecipientInputSchema>;

/**
 * Checks one recipient against the rules; returns it normalised (known municipality name as
 * spelled in the table, address lower-cased) or the problems, each naming its field.
 */
export function checkRecipient(input: RecipientInput, municipalities: readonly Municipality[]): { recipient: Recipient } | { problems: string[] } {
  const parsed = RecipientInputSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${fieldName(String(i.path[0] ?? ''))}: ${i.message}`);
  let municipality: string | null = null;
  const given = input.municipality?.trim() || null;
  if (input.role === 'reviewer') {
    if (given) problems.push(`gemeente: a reviewer belongs to no municipality; leave it empty`);
  } else if (!given) {
    problems.push(`gemeente: an ${input.role} needs a municipality`);
  } else {
    municipality = resolveMunicipality(given, municipalities) ?? null;
    if (!municipality) problems.push(`gemeente: "${given}" is not a known municipality (known: ${municipalities.map((m) => m.name).join(', ')})`);
  }
  if (!parsed.success || problems.length > 0) return { problems };
  return { recipient: { ...parsed.data, municipality } };
}

/** The municipality's name as stored, matched without regard to case; undefined when unknown. */
export function resolveMunicipality(name: string, municipalities: readonly Municipality[]): string | undefined {
  const wanted = name.trim().toLocaleLowerCase('nl');
  return municipalities.find((m) => m.name.toLocaleLowerCase('nl') === wanted)?.name;
}

/** Same address twice for one municipality (or twice among the reviewers). */
export function duplicateKey(recipient: Pick<Recipient, 'municipality' | 'email'>): string {
  return `${recipient.municipality ?? '(reviewers)'}#${recipient.email.toLowerCase()}`;
}

export const RECIPIENT_CSV_COLUMNS = ['gemeente', 'rol', 'naam', 'email'] as const;

/**
 * A complete recipient list from a CSV file (`;`-separated, optionally with a BOM, a header
 * row `gemeente;rol;naam;email`). All or nothing: any problem rejects the whole file, and the
 * error names every row and column at fault.
 */
export function parseRecipientCsv(text: string, municipalities: readonly Municipality[]): Recipient[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, delimiter: ';', record_delimiter: ['\r\n', '\n'], skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InvalidInputError(`the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const [header, ...data] = rows;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = RECIPIENT_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InvalidInputError(`the header row lacks the column(s) ${missing.join(', ')}; expected ${RECIPIENT_CSV_COLUMNS.join(';')}`);
  }
  const problems: ImportProblem[] = [];
  const recipients: Recipient[] = [];
  const seen = new Map<string, number>();
  data.forEach((row, index) => {
    const line = index + 2; // the header is line 1
    const cell = (column: (typeof RECIPIENT_CSV_COLUMNS)[number]) => row[columns.indexOf(column)] ?? '';
    const result = checkRecipient(
      { municipality: cell('gemeente') || null, role: cell('rol').trim() as Recipient['role'], name: cell('naam'), email: cell('email') },
      municipalities,
    );
    if ('problems' in result) {
      problems.push(...result.problems.map((p) => ({ row: line, column: /^(\w+): /.exec(p)?.[1] ?? null, message: p.replace(/^\w+: /, '') })));
      return;
    }
    const key = duplicateKey(result.recipient);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ row: line, column: 'email', message: `${result.recipient.email} is already on row ${earlier} for ${result.recipient.municipality ?? 'the reviewers'}` });
      return;
    }
    seen.set(key, line);
    recipients.push(result.recipient);
  });
  if (problems.length > 0) throw new RecipientFileRejectedError(problems);
  return recipients;
}

/** A recipient file with bad rows: every problem with its row and column, so the console can show them per row. */
export class RecipientFileRejectedError extends ImportRejectedError {
  constructor(problems: readonly ImportProblem[]) {
    super('the recipient file', problems);
    this.message = `the recipient file was rejected; nothing was changed:\n  ${problems.map((p) => `row ${p.row}, ${p.column ? `${p.column}: ` : ''}${p.message}`).join('\n  ')}`;
  }
}

/** What an import would do to the stored list: compared per municipality and address. */
export interface RecipientListChange {
  readonly added: readonly Recipient[];
  readonly changed: readonly { readonly before: Recipient; readonly after: Recipient }[];
  readonly removed: readonly Recipient[];
  readonly unchanged: number;
}

export function planRecipientList(current: readonly Recipient[], wanted: readonly Recipient[]): RecipientListChange {
  const before = new Map(current.map((r) => [duplicateKey(r), r]));
  const after = new Map(wanted.map((r) => [duplicateKey(r), r]));
  const added = wanted.filter((r) => !before.has(duplicateKey(r)));
  const changed = wanted.flatMap((r) => {
    const old = before.get(duplicateKey(r));
    return old && (old.name !== r.name || old.role !== r.role) ? [{ before: old, after: r }] : [];
  });
  const removed = current.filter((r) => !after.has(duplicateKey(r)));
  return { added, changed, removed, unchanged: wanted.length - added.length - changed.length };
}

/** The recipient list as the import reads it: BOM, `;`, header row, sorted by municipality. */
export function recipientsToCsv(recipients: readonly Recipient[]): string {
  const quote = (value: string) => (/[";\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // Municipalities in alphabetical order, the reviewers last.
  const sorted = [...recipients].sort(
    (a, b) =>
      Number(a.municipality === null) - Number(b.municipality === null) ||
      (a.municipality ?? '').localeCompare(b.municipality ?? '', 'nl') ||
      RECIPIENT_ROLES.indexOf(a.role) - RECIPIENT_ROLES.indexOf(b.role) ||
      a.email.localeCompare(b.email),
  );
  const lines = [RECIPIENT_CSV_COLUMNS.join(';'), ...sorted.map((r) => [r.municipality ?? '', r.role, r.name, r.email].map(quote).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `"Naam" <adres>`, quoted by hand so a comma in a name cannot split an address list. */
export function formatMailbox(name: string | undefined, address: string): string {
  const clean = [...(name ?? '')].filter((c) => !hasControlCharacter(c) && c !== '"' && c !== '\\').join('').trim();
  return clean ? `"${clean}" <${address}>` : address;
}

function fieldName(key: string): string {
  return { municipality: 'gemeente', role: 'rol', name: 'naam', email: 'email' }[key] ?? key;
}
