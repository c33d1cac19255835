import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'rapportbode';

/**
 * The repository's root folder (templates/, examples/, functions/, package.json): the nearest
 * folder above this module whose package.json is rapportbode's. Found by walking up rather than by
 * a fixed `../..`, so the same code works from its sources (tsx) and from a bundle placed
 * elsewhere in the repository (the CLI the tests bundle once per run).
 */
export function projectRoot(): string {
  const start = import.meta.dirname;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isRapportbodeRoot(dir)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no rapportbode package.json above ${start}`);
  }
}

function isRapportbodeRoot(dir: string): boolean {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
