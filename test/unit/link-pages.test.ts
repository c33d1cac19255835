import { describe, expect, it } from 'vitest';
import type { HttpApiEvent } from '../../functions/console/http';
import { type LinkPageRequest, handleLinkPage, linkPageResult } from '../../functions/links/link-pages';

function event(method: string, rawPath: string, body?: { contentType: string; text: string }): HttpApiEvent {
  return {
    rawPath,
    headers: body ? { 'Content-Type': body.contentType } : {},
    ...(body ? { body: Buffer.from(body.text).toString('base64'), isBase64Encoded: true } : {}),
    requestContext: { requestId: 'r', http: { method, sourceIp: '127.0.0.1' } },
  };
}

function recorder() {
  const seen: LinkPageRequest[] = [];
  const pages = { antwoord: async (request: LinkPageRequest) => (seen.push(request), linkPageResult(200, 'ok')) };
  return { seen, pages };
}

describe('the link pages dispatcher', () => {
  it('hands a GET to its page with the token, the rest of the path and an empty form', async () => {
    const { seen, pages } = recorder();
    const result = await handleLinkPage(event('GET', '/antwoord/v1.abc-DEF_9/sjabloon.csv'), pages);
    expect(result.statusCode).toBe(200);
    expect(result.headers['referrer-policy']).toBe('no-referrer');
    expect(result.headers['cache-control']).toBe('no-store');
    expect(seen[0]).toMatchObject({ method: 'GET', token: 'v1.abc-DEF_9', rest: 'sjabloon.csv', action: '/antwoord/v1.abc-DEF_9' });
    expect(seen[0]?.form.text('answer')).toBe('');
  });

  it('reads an urlencoded and a multipart form on POST', async () => {
    const { seen, pages } = recorder();
    await handleLinkPage(event('POST', '/antwoord/t', { contentType: 'application/x-www-form-urlencoded', text: 'answer=opmerking&text=Mist+%C3%A9%C3%A9n+maand' }), pages);
    expect(seen[0]?.form.text('text')).toBe('Mist één maand');
    const b = '----WebKitFormBoundaryRapportbode7';
    const multipart = [`--${b}`, 'Content-Disposition: form-data; name="formToken"', '', 'ft', `--${b}`, 'Content-Disposition: form-data; name="bestand"; filename="cijfers.csv"', 'Content-Type: text/csv', '', 'a;b', `--${b}--`, ''].join('\r\n');
    await handleLinkPage(event('POST', '/antwoord/t', { contentType: `multipart/form-data; boundary=${b}`, text: multipart }), pages);
    expect(seen[1]?.form.text('formToken')).toBe('ft');
    expect(seen[1]?.form.file('bestand')?.name).toBe('cijfers.csv');
    expect(Buffer.from(seen[1]?.form.file('bestand')?.bytes ?? []).toString()).toBe('a;b');
  });

  it('refuses an unknown page, another method and a body that is no form, without calling the page', async () => {
    const { seen, pages } = recorder();
    expect((await handleLinkPage(event('GET', '/elders/t'), pages)).statusCode).toBe(404);
    expect((await handleLinkPage(event('GET', '/antwoord/'), pages)).statusCode).toBe(404);
    expect((await handleLinkPage(event('PUT', '/antwoord/t'), pages)).statusCode).toBe(405);
    const notAForm = await handleLinkPage(event('POST', '/antwoord/t', { contentType: 'application/json', text: '{}' }), pages);
    expect(notAForm.statusCode).toBe(400);
    expect(notAForm.body).toContain('Er is niets vastgelegd');
    expect(seen).toHaveLength(0);
  });

  it('answers a fault in a page with a Dutch page and a reference, never the error itself', async () => {
    // Prepare
    const pages = { antwoord: async () => Promise.reject(new Error('ResourceNotFoundException: table t-geheim')) };
    // Act
    const result = await handleLinkPage(event('POST', '/antwoord/t', { contentType: 'application/x-www-form-urlencoded', text: 'answer=akkoord' }), pages);
    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body).toContain('Kenmerk: r.');
    expect(result.body).toContain('mogelijk is niets vastgelegd');
    expect(result.body).not.toContain('t-geheim');
  });

  it('lets the pages load the theme’s own fonts and styles, and nothing from elsewhere', () => {
    const csp = linkPageResult(200, '').headers['content-security-policy'];
    expect(csp).toContain("font-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
  });
});
