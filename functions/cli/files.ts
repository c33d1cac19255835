import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../core/errors';

/**
 * Files an operator names on the command line: a missing file, a folder instead of a file or a
 * folder that does not exist is said in one line with what to do, before any work is done.
 */

/** An input file's size; refuses a path that is no readable file. */
export async function inputFileSize(file: string): Promise<number> {
  const info = await stat(file).catch((error: unknown) => {
    throw new InvalidInputError(describeInputError(file, error), { cause: error });
  });
  if (!info.isFile()) throw new InvalidInputError(`${file} is een map, geen bestand; geef het pad van het bestand zelf`);
  return info.size;
}

/** The bytes of an input file. */
export async function readInputFile(file: string): Promise<Uint8Array> {
  await inputFileSize(file);
  return readFile(file).catch((error: unknown) => {
    throw new InvalidInputError(describeInputError(file, error), { cause: error });
  });
}

/**
 * Checks up front that `file` can be written: its folder exists and it is no folder itself.
 * Called before the work, so a typo in the path costs nothing.
 */
export async function checkOutputFile(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const info = await stat(folder).catch(() => undefined);
  if (!info) throw new InvalidInputError(`de map ${folder} bestaat niet; maak hem eerst aan (mkdir -p ${folder}) of kies een andere plek voor ${path.basename(file)}`);
  if (!info.isDirectory()) throw new InvalidInputError(`${folder} is geen map; kies een andere plek voor ${path.basename(file)}`);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new InvalidInputError(`${file} is een map; geef een bestandsnaam, bijvoorbeeld ${path.join(file, 'export.csv')}`);
}

/** Writes an output file; a failure (no permission, disk full) is one line saying so. */
export async function writeOutputFile(file: string, content: string | Uint8Array): Promise<void> {
  await checkOutputFile(file);
  await writeFile(file, content).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'er mag niet in worden geschreven' : code === 'ENOSPC' ? 'de schijf is vol' : `${code ?? String(error)}`;
    throw new InvalidInputError(`${file} kon niet worden geschreven: ${why}; kies een andere plek`, { cause: error });
  });
}

function describeInputError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = path.isAbsolute(file) ? '' : ` (gezocht in ${process.cwd()})`;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `het bestand ${file} bestaat niet${where}; controleer de naam en de map`;
  if (code === 'EACCES' || code === 'EPERM') return `het bestand ${file} mag niet worden gelezen (geen leesrecht); vraag toegang of kopieer het naar een eigen map`;
  if (code === 'EISDIR') return `${file} is een map, geen bestand; geef het pad van het bestand zelf`;
  return `het bestand ${file} kan niet worden gelezen (${code ?? String(error)})`;
}
