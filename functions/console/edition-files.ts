import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the console answers for an address under `/editie/`. */
export interface EditionResponse {
  readonly status: 200 | 301 | 400 | 404;
  readonly contentType: string;
  readonly body: Buffer | string;
  /** With 301: where a folder's address without its `/` goes (relative links need it). */
  readonly location?: string;
  readonly headers: Readonly<Record<string, string>>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
};

/**
 * The edition's pages run no script and fetch only their own stylesheet, fonts and images; the
 * SVG charts keep a few presentation attributes, never a style attribute or element.
 */
export const EDITION_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
  'x-robots-tag': 'noindex',
};

const TEXT = 'text/plain; charset=utf-8';

/**
 * A file of the web edition in `root` (`<map>/web`) by its address below `/editie` (`/tiel/`,
 * `/tiel/2026-09/cijfers.csv`): a folder's address gives its index.html, a folder without its
 * closing `/` is redirected to it, and nothing outside `root` is ever read. The access check for
 * `besloten` goes in front of this (console/local-server.ts).
 */
export async function serveEditionFile(root: string, pathname: string): Promise<EditionResponse> {
  const notFound: EditionResponse = { status: 404, contentType: TEXT, body: 'Deze pagina van de webeditie bestaat niet.', headers: EDITION_HEADERS };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, contentType: TEXT, body: 'Ongeldig adres.', headers: EDITION_HEADERS };
  }
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return notFound;
  const base = path.resolve(root);
  const file = path.join(base, ...segments);
  if (file !== base && !file.startsWith(`${base}${path.sep}`)) return notFound;
  const found = await stat(file).catch(() => undefined);
  if (!found) return notFound;
  if (found.isDirectory()) {
    const last = segments.at(-1);
    if (last && !decoded.endsWith('/')) return { status: 301, contentType: TEXT, body: '', location: `${last}/`, headers: EDITION_HEADERS };
    return serveFile(path.join(file, 'index.html'), notFound);
  }
  return serveFile(file, notFound);
}

async function serveFile(file: string, notFound: EditionResponse): Promise<EditionResponse> {
  const type = TYPES[path.extname(file)];
  if (!type) return notFound;
  const body = await readFile(file).catch(() => undefined);
  if (!body) return notFound;
  // Saved, not shown; under the name the page's download link gives it.
  const download: Record<string, string> = file.endsWith('.csv') ? { 'content-disposition': 'attachment' } : {};
  return { status: 200, contentType: type, body, headers: { ...EDITION_HEADERS, ...download } };
}
