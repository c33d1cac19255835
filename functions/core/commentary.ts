import { InvalidInputError } from './errors';

/** A few paragraphs; the report has room for a short commentary, not a memo. */
export const MAX_COMMENTARY_CHARACTERS = 5000;

/**
 * The commentary of a period as the report prints it: paragraphs separated by blank lines.
 * Refuses an empty text, an over-long one and one that is not UTF-8.
 */
export function parseCommentary(text: string, fileName: string): string {
  const trimmed = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') throw new InvalidInputError(`${fileName} is leeg; schrijf de toelichting erin (alinea's gescheiden door een lege regel)`);
  if (trimmed.includes('\uFFFD')) throw new InvalidInputError(`${fileName} is geen UTF-8; sla het op als UTF-8-tekst`);
  if (trimmed.length > MAX_COMMENTARY_CHARACTERS) {
    throw new InvalidInputError(`${fileName} heeft ${trimmed.length} tekens; de toelichting mag er hoogstens ${MAX_COMMENTARY_CHARACTERS} hebben — kort haar in`);
  }
  return trimmed;
}
