import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { EditionGate } from '../links/edition-gatekeeper';
import { type LinkPages, MAX_LINK_FORM_BYTES, handleLinkPage, linkPagePath, linkPageResult } from '../links/link-pages';
import { CONTENT_TYPES, PERMISSIONS_POLICY, consoleAssets, contentSecurityPolicy } from './assets';
import { serveEditionFile } from './edition-files';
import type { HttpApiEvent, HttpApiResult } from './http';

/** Where the console signs in: the local OpenID Connect provider's endpoints and the app client. */
export interface ConsoleAuth {
  readonly issuer: string;
  readonly clientId: string;
  /** The scope every `/api/` route requires, as API Gateway's JWT authorizer does in AWS. */
  readonly scope: string;
  /** Answers `{"ingetrokken": true}` for a token (`?jti=`) whose sign-in was ended: it no longer counts. */
  readonly revocationUrl: string;
}

export interface ConsoleServer {
  readonly url: string;
  readonly server: Server;
  /** Connects the server to the provider once both listen (the provider needs the console's URL first). */
  useAuth(auth: ConsoleAuth): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * The console on loopback: the static pages with the same security headers CloudFront adds in
 * AWS, and `/api/…` handed to the same handler the Lambda runs. In front of the handler it plays
 * API Gateway's JWT authorizer: a bearer token must be signed by the provider's key (JWKS),
 * issued by it, unexpired, for the console's client and with the required scope — otherwise 401,
 * and the handler is never called. The verified claims go into the event as API Gateway passes
 * them (every claim a string, an array as "[a b]").
 * The pages a personal link opens (`/antwoord/<token>`, …: `linkPages`) need no sign-in: they go
 * to the same dispatcher the public Lambda function runs, GET and POST, beside the console's
 * stylesheets they use.
 */
export async function startConsoleServer(options: {
  api: (event: HttpApiEvent) => Promise<HttpApiResult>;
  port?: number;
  linkPages?: LinkPages;
  editionRoot?: string;
  /** Who may read an edition (links/edition-gatekeeper.ts): asked with the raw path and the cookies before a file under `/editie/` is served. */
  editionGate?: EditionGate;
}): Promise<ConsoleServer> {
  const assets = consoleAssets();
  let auth: (ConsoleAuth & { jwks: ReturnType<typeof createRemoteJWKSet>; endpoints: { authorize: string; token: string; logout: string } }) | undefined;
  let url = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('console server:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Er ging iets mis in de lokale console.');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = pageHeaders(auth ? new URL(auth.issuer).origin : '');
    const refused = refusePath(req.url ?? '/');
    if (refused) {
      console.error(JSON.stringify({ message: 'console server: path refused', method: req.method, path: (req.url ?? '').slice(0, 300), reason: refused.reason }));
      return send(res, refused.status, CONTENT_TYPES['.html'] as string, dutchPage(refused.title, refused.text), headers);
    }
    const requestUrl = new URL(req.url ?? '/', url);
    if (options.linkPages && linkPagePath(requestUrl.pathname, options.linkPages)) return handleLink(req, res, requestUrl, options.linkPages);
    if (requestUrl.pathname === '/api' || requestUrl.pathname.startsWith('/api/')) return handleApi(req, res, requestUrl);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Alleen GET.');
    // The web edition: the map's web/ folder under /editie/ (console/edition-files.ts).
    if (requestUrl.pathname === '/editie') return send(res, 301, 'text/plain; charset=utf-8', '', { location: '/editie/' });
    if (requestUrl.pathname.startsWith('/editie/')) {
      if (!options.editionRoot) return send(res, 404, 'text/plain; charset=utf-8', 'Er is geen webeditie ingesteld.');
      const access = options.editionGate ? await options.editionGate((req.url ?? '/').split('?')[0] as string, req.headers.cookie) : { allowed: true as const };
      if (!access.allowed) return sendResult(res, linkPageResult(access.status, access.html));
      const edition = await serveEditionFile(options.editionRoot, requestUrl.pathname.slice('/editie'.length));
      return send(res, edition.status, edition.contentType, edition.body, { ...edition.headers, ...(edition.location ? { location: edition.location } : {}) });
    }
    if (requestUrl.pathname === '/config.json') {
      if (!auth) return send(res, 503, 'text/plain; charset=utf-8', 'De aanmelding is nog niet klaar.');
      const config = { authorizeUrl: auth.endpoints.authorize, tokenUrl: auth.endpoints.token, logoutUrl: auth.endpoints.logout, clientId: auth.clientId, scope: `openid profile ${auth.scope}` };
      return send(res, 200, CONTENT_TYPES['.json'] as string, JSON.stringify(config), headers);
    }
    const file = assets.get(requestUrl.pathname === '/' ? '/index.html' : requestUrl.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Deze pagina bestaat niet.', headers);
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    return send(res, 200, type, await readFile(file), headers);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, requestUrl: URL): Promise<void> {
    const unauthorized = () => send(res, 401, 'application/json; charset=utf-8', JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer' });
    const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!auth || !bearer) return unauthorized();
    let claims: Record<string, unknown>;
    try {
      // exp is required: a token without one would never expire (jose checks exp only when present).
      ({ payload: claims } = await jwtVerify(bearer, auth.jwks, { issuer: auth.issuer, algorithms: ['RS256'], requiredClaims: ['exp'] }));
      if (await isRevoked(auth.revocationUrl, claims.jti)) return unauthorized();
    } catch {
      return unauthorized();
    }
    const audiences = [claims.aud, claims.client_id].flat().filter((a): a is string => typeof a === 'string');
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!audiences.includes(auth.clientId) || !scopes.includes(auth.scope)) return unauthorized();

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return send(res, 413, 'application/json; charset=utf-8', JSON.stringify({ message: 'Request Entity Too Large' }));
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const event: HttpApiEvent = {
      rawPath: requestUrl.pathname,
      rawQueryString: requestUrl.search.replace(/^\?/, ''),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')])),
      body: body.length ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
      requestContext: {
        requestId: randomUUID(),
        timeEpoch: Date.now(),
        http: { method: req.method ?? 'GET', sourceIp: req.socket.remoteAddress ?? '' },
        authorizer: { jwt: { claims: flattenClaims(claims), scopes } },
      },
    };
    sendResult(res, await options.api(event));
  }

  /** A link page, as API Gateway hands it to the public function: the body base64 (a form may carry a file). */
  async function handleLink(req: IncomingMessage, res: ServerResponse, requestUrl: URL, pages: LinkPages): Promise<void> {
    // One byte more than a form may have is enough for the dispatcher to refuse it with its own message.
    const body = await readBody(req, MAX_LINK_FORM_BYTES + 1);
    const event: HttpApiEvent = {
      rawPath: requestUrl.pathname,
      rawQueryString: requestUrl.search.replace(/^\?/, ''),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')])),
      ...(body.length ? { body: body.toString('base64'), isBase64Encoded: true } : {}),
      requestContext: { requestId: randomUUID(), timeEpoch: Date.now(), http: { method: req.method ?? 'GET', sourceIp: req.socket.remoteAddress ?? '' } },
    };
    sendResult(res, await handleLinkPage(event, pages));
  }

  // A port in use rejects (EADDRINUSE) instead of leaving the caller waiting.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    useAuth(given) {
      auth = {
        ...given,
        jwks: createRemoteJWKSet(new URL(`${given.issuer}/jwks`)),
        endpoints: {
          authorize: `${given.issuer}/auth`,
          token: `${given.issuer}/token`,
          logout: `${given.issuer}/session/end?client_id=${encodeURIComponent(given.clientId)}&post_logout_redirect_uri=${encodeURIComponent(`${url}/`)}`,
        },
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A path the console never serves: one starting with `//` or `/\` (a browser reads it as another
 * host: `//evil.example/` must not become a page whose sign-in returns there), or with a `%` that
 * is not followed by two hex digits.
 */
export function refusePath(raw: string): { status: number; title: string; text: string; reason: string } | undefined {
  if (/^[/\\][/\\]/.test(raw)) return { status: 404, title: 'Deze pagina bestaat niet', text: 'Dit adres hoort niet bij de console. Ga naar de startpagina van de console.', reason: 'double slash' };
  try {
    decodeURIComponent(raw.split('?')[0] ?? '');
  } catch {
    return { status: 400, title: 'Ongeldig adres', text: 'Dit adres bevat een % die niet door twee tekens 0–9 of A–F wordt gevolgd. Controleer het adres of ga naar de startpagina van de console.', reason: 'malformed percent-encoding' };
  }
  return undefined;
}

/** A plain Dutch page for a refused address (the console's own stylesheets, no script). */
function dutchPage(title: string, text: string): string {
  return `<!doctype html>
<html lang="nl" class="utrecht-root rapportbode-theme"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – Rapportbode</title>
<link rel="stylesheet" href="/vendor/utrecht.css"><link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/console.css"></head>
<body class="utrecht-document utrecht-body"><main class="rb-main"><h1 class="utrecht-heading-1">${title}</h1><p class="utrecht-paragraph">${text}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/">Naar de startpagina van de console</a></p></main></body></html>`;
}

/** Asks the local provider whether the token's sign-in was ended (a token without jti cannot be checked: refused). */
async function isRevoked(revocationUrl: string, jti: unknown): Promise<boolean> {
  if (typeof jti !== 'string' || !jti) return true;
  const response = await fetch(`${revocationUrl}?jti=${encodeURIComponent(jti)}`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) return true;
  return ((await response.json()) as { ingetrokken?: unknown }).ingetrokken !== false;
}

/** Claims as API Gateway's JWT authorizer hands them to the function: strings, arrays as "[a b]". */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]),
  );
}

/** What CloudFront's response headers policy adds in AWS (infra/console.ts), here for the local pages. */
export function pageHeaders(authOrigin: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(authOrigin),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': PERMISSIONS_POLICY,
    'cache-control': 'no-cache',
  };
}

/** The request's body, at most `limit` bytes of it (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (size >= limit) continue;
    chunks.push((chunk as Buffer).subarray(0, limit - size));
    size += Math.min((chunk as Buffer).length, limit - size);
  }
  return Buffer.concat(chunks);
}

function sendResult(res: ServerResponse, result: HttpApiResult): void {
  const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  // API Gateway turns a result's `cookies` into Set-Cookie headers, one each; so does this server.
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': payload.length, ...(result.cookies?.length ? { 'set-cookie': [...result.cookies] } : {}) });
  res.end(payload);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': payload.length });
  res.end(payload);
}
