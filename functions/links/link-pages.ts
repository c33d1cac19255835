import type { HttpApiEvent, HttpApiResult } from '../console/http';
import { linkPageLayout, alert } from './page-layout';

/**
 * One mechanism for every page a personal link opens (issues 27, 28, 29): the answer to a concept
 * (`/antwoord/<token>`), the evaluation (`/evaluatie/<token>`), a municipality's upload
 * (`/aanleveren/<token>`), the way into the web edition (`/lezen/<token>`). A GET only shows:
 * mail scanners (Safe Links, Defender) open every link. Only a form's POST records, and each page
 * checks its own form token. The same dispatcher runs behind the console's local server and in
 * the public Lambda function behind API Gateway.
 */
export interface LinkPageRequest {
  readonly method: 'GET' | 'POST';
  /** The personal link's token: the path segment after the purpose. */
  readonly token: string;
  /** What follows the token, without its slash: '' for the page itself, or e.g. 'sjabloon.csv'. */
  readonly rest: string;
  /** The page's own path (`/<purpose>/<token>`), for a form's action. */
  readonly action: string;
  /** The POSTed form (urlencoded or multipart); empty for a GET. */
  readonly form: LinkForm;
}

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface LinkForm {
  /** A text field's value, '' when absent. */
  text(name: string): string;
  /** A file field's file, when one was chosen. */
  file(name: string): UploadedFile | undefined;
}

export type LinkPageHandler = (request: LinkPageRequest) => Promise<HttpApiResult>;

/** The pages by their first path segment, e.g. `{ antwoord: …, evaluatie: … }`. */
export type LinkPages = Readonly<Record<string, LinkPageHandler>>;

/** A POST body above this is refused before it is read (an upload is a small CSV). */
export const MAX_LINK_FORM_BYTES = 2 * 1024 * 1024;

/** Every link page: never cached or indexed, the token never leaks in a Referer, never framed. */
export const LINK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const TOKEN = /^[A-Za-z0-9._~-]{1,2000}$/;

/** `/<purpose>/<token>[/<rest>]` split up, when `purpose` is one of `pages`; otherwise undefined. */
export function linkPagePath(pathname: string, pages: LinkPages): { purpose: string; token: string; rest: string } | undefined {
  const [, purpose = '', token = '', ...rest] = pathname.split('/');
  if (!Object.hasOwn(pages, purpose) || !TOKEN.test(token)) return undefined;
  return { purpose, token, rest: rest.join('/') };
}

/** Hands an HTTP event to its link page: the method checked, the form read, nothing thrown at the visitor. */
export async function handleLinkPage(event: HttpApiEvent, pages: LinkPages): Promise<HttpApiResult> {
  const where = linkPagePath(event.rawPath, pages);
  if (!where) return linkPageResult(404, linkPageLayout('Pagina niet gevonden', alert('error', 'Deze pagina bestaat niet. Gebruik de link uit uw mail.')));
  const method = event.requestContext.http.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') {
    return { ...linkPageResult(405, linkPageLayout('Niet toegestaan', alert('error', 'Deze pagina kan alleen worden geopend of met het formulier worden verstuurd.'))), headers: { ...LINK_PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', allow: 'GET, POST' } };
  }
  const form = method === 'POST' ? await readForm(event) : EMPTY_FORM;
  if (form === undefined) return linkPageResult(400, linkPageLayout('Formulier niet gelezen', alert('error', `Het formulier kon niet worden gelezen (leeg, te groot – meer dan ${MAX_LINK_FORM_BYTES / 1024 / 1024} MB – of geen formulier). Er is niets vastgelegd. Open de link uit de mail opnieuw.`)));
  const handler = pages[where.purpose] as LinkPageHandler;
  try {
    return await handler({ method, token: where.token, rest: where.rest, action: `/${where.purpose}/${where.token}`, form });
  } catch (error) {
    // A fault (the table unreachable, the key unreadable): a Dutch page with a reference, never the error; the token stays out of the log.
    const requestId = event.requestContext.requestId;
    console.error(JSON.stringify({ message: 'link page error', purpose: where.purpose, method, requestId, error: error instanceof Error ? { name: error.name, message: error.message } : String(error) }));
    return linkPageResult(500, linkPageLayout('Er ging iets mis', alert('error', `Deze pagina kon nu niet worden getoond of verwerkt; mogelijk is niets vastgelegd. Probeer het later opnieuw met de link uit uw mail. Kenmerk: ${requestId}.`)));
  }
}

/** An HTML page with the link pages' headers. */
export function linkPageResult(statusCode: number, html: string): HttpApiResult {
  return { statusCode, headers: { ...LINK_PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' }, body: html, isBase64Encoded: false };
}

const EMPTY_FORM: LinkForm = { text: () => '', file: () => undefined };

/** The body as a form (urlencoded or multipart, parsed by the platform's own `Request`), or undefined. */
async function readForm(event: HttpApiEvent): Promise<LinkForm | undefined> {
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length > MAX_LINK_FORM_BYTES) return undefined;
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) return undefined;
  let data: FormData;
  try {
    data = await new Request('http://link.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    return undefined;
  }
  const files = new Map<string, UploadedFile>();
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string' && value.size > 0 && !files.has(name)) files.set(name, { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return {
    text: (name) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    },
    file: (name) => files.get(name),
  };
}
