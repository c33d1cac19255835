import { InvalidInputError } from './errors';

/** A few paragraphs; the report has room for a short commentary, not a memo. */
export const MAX_COMMENTARY_CHARACTERS = 5000;

/**
 * The commentary of a period as the report prints it: paragraphs separated by blank lines.
 * Refuses an empty text, an over-long one and one that is not UTF-8.
 */
export function parseCommentary(text: string, fileName: string): string {
  const trimmed = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') throw new InvalidInputError(`${fileName} is empty; write the commentary in it (paragraphs separated by a blank line)`);
  if (trimmed.includes('\uFFFD')) throw new InvalidInputError(`${fileName} is not UTF-8; save it as UTF-8 text`);
  if (trimmed.length > MAX_COMMENTARY_CHARACTERS) {
    throw new InvalidInputError(`${fileName} has ${trimmed.length} characters; the commentary may have ${MAX_COMMENTARY_CHARACTERS} at most`);
  }
  return trimmed;
}
