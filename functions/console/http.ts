import { z } from 'zod';

/**
 * The part of an API Gateway HTTP API (payload format 2.0) event the console reads. In AWS the
 * JWT authorizer has verified the bearer token before the function runs and passes its claims
 * here; locally the console server verifies it the same way and builds the same event.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export const HttpApiEventSchema = z.object({
  rawPath: z.string(),
  rawQueryString: z.string().default(''),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
  requestContext: z.object({
    requestId: z.string(),
    timeEpoch: z.number().optional(),
    http: z.object({ method: z.string(), sourceIp: z.string() }),
    authorizer: z
      .object({
        jwt: z.object({
          // API Gateway passes every claim as a string; an array claim becomes "[a b]".
          claims: z.record(z.string(), z.unknown()),
          scopes: z.array(z.string()).nullable().optional(),
        }),
      })
      .optional(),
  }),
});

export type HttpApiEvent = z.input<typeof HttpApiEventSchema>;

export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
  /** Set-Cookie values (payload format 2.0 sends each as its own header): the web edition's reading cookies. */
  readonly cookies?: readonly string[];
}

/** The API's answers load nothing and are never framed: stricter than the pages' policy. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Headers on every API answer: nothing cached, nothing sniffed, never framed. */
const API_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
} as const;

export function json(statusCode: number, data: unknown): HttpApiResult {
  return { statusCode, headers: { ...API_HEADERS, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(data), isBase64Encoded: false };
}

/** A file the browser shows (a PDF, an image) or saves (a CSV); `inline` or `attachment`. */
export function file(bytes: Uint8Array | string, contentType: string, fileName: string, disposition: 'inline' | 'attachment'): HttpApiResult {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  // RFC 6266: an ASCII fallback and the real name in UTF-8.
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    statusCode: 200,
    headers: {
      ...API_HEADERS,
      'content-type': contentType,
      'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * The groups of a verified token. Cognito puts them in `cognito:groups` as a JSON array; API
 * Gateway's JWT authorizer hands an array claim on as one string, `[beheerder lezer]`.
 */
export function groupsOf(claims: Record<string, unknown>): string[] {
  const value = claims['cognito:groups'];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  return text ? [text] : [];
}

/** The operator a verified token names: Cognito's `username` in an access token, else the subject. */
export function actorOf(claims: Record<string, unknown>): string | undefined {
  for (const key of ['username', 'cognito:username', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}
