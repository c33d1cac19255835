import { ImportRejectedError } from '../core/csv-reader';
import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { hasControlCharacter } from '../core/recipient-validation';
import { ReleaseRefusedError } from '../usecases/release';
import { type HttpApiResult, HttpApiEventSchema, actorOf, groupsOf, json } from './http';
import type { ConsoleDeps, SecurityLogEntry } from './ports';
import { ROUTES, type Route, maskEmail } from './routes';

/** The groups of the user pool: a beheerder may change things, a lezer may only look. */
export const GROUPS = { beheerder: 'beheerder', lezer: 'lezer' } as const;
export type Role = keyof typeof GROUPS;

/** Request bodies are JSON; files come as text or base64 inside it (Lambda takes 6 MB a request). */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * The console's API: one handler for API Gateway HTTP API (payload 2.0) events, in AWS behind the
 * JWT authorizer and locally behind the console server that verifies tokens the same way.
 * 1. no verified claims: 401 — no route is reachable without a token;
 * 2. find the route (404), then authorise by group, server-side: a lezer reads, a beheerder also
 *    writes (403 otherwise, whatever the page showed);
 * 3. parse the JSON body and call the route, which validates it and calls one use case;
 * 4. map the outcome: an operator's mistake is 4xx with the use case's message, anything else 500
 *    with only a reference; every request leaves one line in the security log.
 */
export function createConsoleApi(deps: ConsoleDeps): (event: unknown) => Promise<HttpApiResult> {
  return async (raw: unknown) => {
    const parsed = HttpApiEventSchema.safeParse(raw);
    if (!parsed.success) return json(400, { fout: 'Dit verzoek kan de console niet lezen.' });
    const event = parsed.data;
    const method = event.requestContext.http.method.toUpperCase();
    const requestId = event.requestContext.requestId;
    const claims = event.requestContext.authorizer?.jwt.claims;
    const actor = claims ? actorOf(claims) : undefined;
    const groups = claims ? groupsOf(claims) : [];
    const role: Role | null = groups.includes(GROUPS.beheerder) ? 'beheerder' : groups.includes(GROUPS.lezer) ? 'lezer' : null;
    const log = (entry: Pick<SecurityLogEntry, 'action' | 'object' | 'result' | 'status'>) =>
      deps.securityLog({ message: 'console action', at: deps.now().toISOString(), requestId, actor: actor ?? null, role, origin: event.requestContext.http.sourceIp, ...entry });
    const answer = (result: HttpApiResult, action: string, object: string) => {
      const outcome = result.statusCode < 400 ? 'ok' : result.statusCode === 401 || result.statusCode === 403 ? 'geweigerd' : result.statusCode >= 500 ? 'fout' : 'ongeldig';
      log({ action, object, result: outcome, status: result.statusCode });
      return result;
    };

    if (!claims || !actor || hasControlCharacter(actor) || actor.length > 200) {
      return answer(json(401, { fout: 'U bent niet (meer) ingelogd. Log opnieuw in.' }), 'aanmelden', event.rawPath);
    }
    if (method === 'GET' && event.rawPath === '/api/me') {
      return answer(json(200, { gebruiker: actor, rol: role, groepen: groups, magWijzigen: role === 'beheerder' }), 'wie ben ik', '');
    }
    const match = findRoute(method, event.rawPath);
    if (!match) return answer(json(404, { fout: 'Deze functie bestaat niet in de console.' }), 'onbekend', `${method} ${event.rawPath}`);
    const { route, params } = match;
    if (!role || (route.access === 'write' && role !== 'beheerder')) {
      const why = role ? 'Alleen een beheerder mag dit doen; u bent lezer.' : 'Uw account hoort bij geen groep van de console (beheerder of lezer).';
      return answer(json(403, { fout: why }), route.action, route.object?.({ actor, params, query: new URLSearchParams(), body: undefined, requestId, deps }) ?? '');
    }

    let body: unknown;
    try {
      body = parseBody(event.body, event.isBase64Encoded);
    } catch (error) {
      return answer(json(error instanceof PayloadTooLargeError ? 413 : 400, { fout: (error as Error).message }), route.action, '');
    }
    const ctx = { actor, params, query: new URLSearchParams(event.rawQueryString), body, requestId, deps };
    const object = safeObject(route, ctx);
    try {
      return answer(await route.handle(ctx), route.action, object);
    } catch (error) {
      return answer(errorResult(error, requestId), route.action, object);
    }
  };
}

function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.path.exec(path);
    if (m) return { route, params: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
  }
  return undefined;
}

class PayloadTooLargeError extends Error {}

function parseBody(body: string | undefined, base64: boolean): unknown {
  if (body === undefined || body === '') return undefined;
  const text = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new PayloadTooLargeError('Het verzoek is groter dan 6 MB.');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('Het verzoek is geen geldige JSON.');
  }
}

function safeObject(route: Route, ctx: Parameters<Route['handle']>[0]): string {
  try {
    return (route.object?.(ctx) ?? '').slice(0, 300);
  } catch {
    return '';
  }
}

/** An operator's mistake answers with the use case's own words; a fault with a reference only, never a stack. */
function errorResult(error: unknown, requestId: string): HttpApiResult {
  if (error instanceof ImportRejectedError) {
    return json(422, {
      fout: `${error.fileName} is afgewezen; er is niets opgeslagen. Verbeter het bestand en probeer het opnieuw.`,
      // One line per problem; the same problem on many rows is one line naming them all.
      problemen: error.problems.map((p) => ({ rij: p.row, rijen: p.rows, kolom: p.column, melding: p.message })),
      aantal: error.problemCount,
      geldig: Object.fromEntries(error.validValues),
    });
  }
  if (error instanceof ReleaseRefusedError) return json(409, { fout: error.message });
  if (error instanceof InvalidInputError) return json(422, { fout: error.message });
  if (error instanceof DataMissingError) return json(404, { fout: error.message });
  if (error instanceof RapportbodeError) return json(409, { fout: error.message });
  if (isZodError(error)) return json(422, { fout: error.issues.map((i) => i.message).join('; ') });
  // An unexpected error's text may quote an address: masked, like every address in the logs.
  const redact = (text: string | undefined) => text?.replace(/[^\s@<>"';,]+@[^\s@<>"';,]+/g, (email) => maskEmail(email));
  console.error(JSON.stringify({ message: 'console error', requestId, error: error instanceof Error ? { name: error.name, message: redact(error.message), stack: redact(error.stack) } : redact(String(error)) }));
  return json(500, { fout: `Er ging iets mis in de console. Meld het met kenmerk ${requestId}; er is mogelijk niets gewijzigd.` });
}

function isZodError(error: unknown): error is { issues: { message: string }[] } {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}
