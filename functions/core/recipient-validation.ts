import { z } from 'zod';
import { Choices, type CsvEncoding, type CsvLayout, type Delimiter, joinDutch, normaliseValue, quoteValue, readCsv } from './csv-reader';
import { toCsv } from './csv-writer';
import { type Municipality, RECIPIENT_ROLES, type Recipient, type RecipientRole } from './organisation';

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

/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a name with
 * U+202E shows its letters in reverse, so a list or mail header reads otherwise than it is.
 */
export function hasBidiControl(text: string): boolean {
  return /[\u202a-\u202e\u2066-\u2069]/.test(text);
}

/** A name a spreadsheet would evaluate: `=HYPERLINK(…)`, `+1`, `@SUM(…)` (CSV injection). */
export function startsLikeFormula(text: string): boolean {
  return /^[=+@]/.test(text.trim());
}

const NameSchema = z
  .string()
  .refine((name) => !hasControlCharacter(name), 'de naam bevat een regeleinde of een ander stuurteken; haal dat weg')
  .refine((name) => !hasBidiControl(name), 'de naam bevat een teken dat de leesrichting omdraait (U+202A–U+202E of U+2066–U+2069); typ de naam opnieuw')
  .refine((name) => !startsLikeFormula(name), 'de naam begint met =, + of @: een spreadsheet leest dat als formule; laat dat teken weg')
  .transform((name) => name.trim())
  .pipe(z.string().min(1, 'de naam is leeg').max(200, 'de naam is langer dan 200 tekens'));

/** An echoed value with its control characters visible (`a@b.nl\r\nBcc: …`), so a message stays one line. */
function shown(input: unknown): string {
  const text = typeof input === 'string' ? input : String(input);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** A bare address (no display name), lower-cased: the same mailbox is one address everywhere. */
export const EmailSchema = z
  .string()
  .refine((email) => !hasControlCharacter(email), {
    error: (issue) => `het adres ${shown(issue.input)} bevat een regeleinde of een ander stuurteken; geef één kaal adres, zoals naam@gemeente.nl`,
  })
  .transform((email) => email.trim().toLowerCase())
  .pipe(
    z
      .email({ error: (issue) => `${shown(issue.input)} is geen geldig e-mailadres; schrijf het als naam@gemeente.nl` })
      .max(254, 'het adres is langer dan 254 tekens'),
  );

/** A role in any case and the usual spellings: `AB-lid`, `AB lid`, `Beleidsmedewerker`. */
export const ROLE_CHOICES = new Choices<RecipientRole>('rol', [
  { value: 'ab-lid', names: ['ab-lid', 'ab lid', 'ablid', 'lid ab', 'ab-leden'], shown: 'ab-lid' },
  { value: 'beleidsmedewerker', names: ['beleidsmedewerker', 'beleidsmedewerkers'], shown: 'beleidsmedewerker' },
  { value: 'reviewer', names: ['reviewer', 'reviewers'], shown: 'reviewer' },
  { value: 'gbo-lid', names: ['gbo-lid', 'gbo lid', 'gbolid', 'gbo-leden', 'lid gbo'], shown: 'gbo-lid' },
]);

export interface RecipientInput {
  readonly municipality: string | null;
  /** As given: `AB-lid`, `ab-lid`, … */
  readonly role: string;
  readonly name: string;
  readonly email: string;
}

export type RecipientField = 'gemeente' | 'rol' | 'naam' | 'email';

export interface RecipientProblem {
  readonly field: RecipientField;
  readonly message: string;
  /** Every value the field may take, when the problem is an unknown one: a file lists them once. */
  readonly validValues?: readonly string[];
}

/** A problem as one line for a single recipient (recipients add): the valid values spelled out. */
export function describeRecipientProblem(problem: RecipientProblem): string {
  return problem.validValues ? `${problem.message}; kies ${joinDutch(problem.validValues, 'of')}` : problem.message;
}

/**
 * Checks one recipient against the rules; returns it normalised (known municipality name as
 * spelled in the table, role as stored, address lower-cased) or the problems, each naming its field.
 */
export function checkRecipient(input: RecipientInput, municipalities: readonly Municipality[]): { recipient: Recipient } | { problems: RecipientProblem[] } {
  const problems: RecipientProblem[] = [];
  const role = input.role.trim() === '' ? undefined : ROLE_CHOICES.find(input.role);
  if (input.role.trim() === '') problems.push({ field: 'rol', message: 'de rol is leeg', validValues: ROLE_CHOICES.shown });
  else if (!role) problems.push({ field: 'rol', message: `${quoteValue(input.role.trim())} is geen rol`, validValues: ROLE_CHOICES.shown });
  const name = NameSchema.safeParse(input.name);
  if (!name.success) problems.push({ field: 'naam', message: name.error.issues[0]?.message ?? 'ongeldige naam' });
  const email = EmailSchema.safeParse(input.email);
  if (!email.success) problems.push({ field: 'email', message: email.error.issues[0]?.message ?? 'ongeldig adres' });

  let municipality: string | null = null;
  const given = input.municipality?.trim() || null;
  if (role === 'reviewer') {
    if (given) problems.push({ field: 'gemeente', message: 'een reviewer hoort bij geen gemeente; laat de gemeente leeg' });
  } else if (!given) {
    if (role) problems.push({ field: 'gemeente', message: `de gemeente is leeg; een ${role} hoort bij een gemeente` });
  } else {
    const choices = municipalityChoicesOf(municipalities);
    municipality = choices.find(given) ?? null;
    if (!municipality) problems.push({ field: 'gemeente', message: `${quoteValue(given)} is geen gemeente van de organisatie`, validValues: choices.shown });
  }
  if (problems.length > 0 || !role || !name.success || !email.success) return { problems };
  return { recipient: { municipality, role, name: name.data, email: email.data } };
}

function municipalityChoicesOf(municipalities: readonly Municipality[]): Choices<string> {
  return new Choices('gemeente van de organisatie', municipalities.map((m) => ({ value: m.name, names: [m.name], shown: m.name })));
}

/** The municipality's name as stored, matched without regard to case; undefined when unknown. */
export function resolveMunicipality(name: string, municipalities: readonly Municipality[]): string | undefined {
  const wanted = normaliseValue(name);
  return municipalities.find((m) => normaliseValue(m.name) === wanted)?.name;
}

/** Same address twice for one municipality (or twice among the reviewers). */
export function duplicateKey(recipient: Pick<Recipient, 'municipality' | 'email'>): string {
  return `${recipient.municipality ?? '(reviewers)'}#${recipient.email.toLowerCase()}`;
}

export const RECIPIENT_CSV_COLUMNS = ['gemeente', 'rol', 'naam', 'email'] as const;

/** The recipient file: the header names the columns, in any order, in the ways people write them. */
export const RECIPIENT_LAYOUT: CsvLayout<'recipients'> = {
  kind: 'recipients',
  description: 'ontvangers',
  columns: [
    { name: 'gemeente', aliases: ['gemeentenaam'] },
    { name: 'rol' },
    { name: 'naam', aliases: ['volledige naam'] },
    { name: 'email', aliases: ['e-mail', 'e-mailadres', 'emailadres', 'mailadres', 'mail', 'e-mail adres'] },
  ],
};

export interface RecipientFile {
  readonly recipients: Recipient[];
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
}

/**
 * A complete recipient list from a CSV file, read by the shared CSV reader (UTF-8 or
 * Windows-1252, `;` or `,`, …). All or nothing: any problem rejects the whole file
 * (ImportRejectedError naming every row and column at fault), and so does a file with no rows.
 */
export async function readRecipientCsv(bytes: Uint8Array, fileName: string, municipalities: readonly Municipality[]): Promise<RecipientFile> {
  const recipients: Recipient[] = [];
  const seen = new Map<string, number>();
  const summary = await readCsv(bytes, { fileName, layouts: [RECIPIENT_LAYOUT] }, () => (row) => {
    const text = (column: RecipientField) => row.cell(column).text;
    const result = checkRecipient({ municipality: text('gemeente') || null, role: text('rol'), name: text('naam'), email: text('email') }, municipalities);
    if ('problems' in result) {
      for (const p of result.problems) row.cell(p.field).report(p.message, p.validValues);
      return;
    }
    const key = duplicateKey(result.recipient);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      row.cell('email').report(`${result.recipient.email} staat al op rij ${earlier} voor ${result.recipient.municipality ?? 'de reviewers'}; houd er één van over`);
      return;
    }
    seen.set(key, row.row);
    recipients.push(result.recipient);
  });
  return { recipients, encoding: summary.encoding, delimiter: summary.delimiter };
}

/** The recipient list as the import reads it: BOM, `;`, header row, sorted by municipality. */
export function recipientsToCsv(recipients: readonly Recipient[]): string {
  // Municipalities in alphabetical order, the reviewers last.
  const sorted = [...recipients].sort(
    (a, b) =>
      Number(a.municipality === null) - Number(b.municipality === null) ||
      (a.municipality ?? '').localeCompare(b.municipality ?? '', 'nl') ||
      RECIPIENT_ROLES.indexOf(a.role) - RECIPIENT_ROLES.indexOf(b.role) ||
      a.email.localeCompare(b.email),
  );
  return toCsv(RECIPIENT_CSV_COLUMNS, sorted.map((r) => [r.municipality ?? '', r.role, r.name, r.email]));
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

/** `Jan Jansen <jan@tiel.nl> (Tiel, ab-lid)`: who a line is about, for lists an operator reads. */
export function describeRecipient(r: Recipient): string {
  return `${r.name} <${r.email}> (${r.municipality ?? 'reviewers'}, ${r.role})`;
}

/** `"Naam" <adres>`, quoted by hand so a comma in a name cannot split an address list. */
export function formatMailbox(name: string | undefined, address: string): string {
  const clean = [...(name ?? '')].filter((c) => !hasControlCharacter(c) && !hasBidiControl(c) && c !== '"' && c !== '\\').join('').trim();
  return clean ? `"${clean}" <${address}>` : address;
}
