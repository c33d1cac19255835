import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HttpApiEvent, HttpApiResult } from '../../functions/console/http';
import { type ConsoleServer, startConsoleServer } from '../../functions/console/local-server';

/**
 * The local console server on its own, in front of a stand-in for the console's API (the
 * project's own function, not an AWS service): a small issuer on loopback publishes the signing
 * key (JWKS) and says which tokens were revoked, as the local OpenID Connect provider does.
 */
describe('the local console server', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const revoked = new Set<string>();
  const reached: HttpApiEvent[] = [];
  let issuerServer: Server;
  let issuer: string;
  let consoleServer: ConsoleServer;

  const token = async (claims: { exp?: boolean; jti?: string } = {}) => {
    const jwt = new SignJWT({ scope: 'openid rapportbode/console', client_id: 'rapportbode-console', username: 'beheerder.jansen', 'cognito:groups': ['beheerder'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'test' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setJti(claims.jti ?? randomUUID());
    return (claims.exp === false ? jwt : jwt.setExpirationTime('5m')).sign(privateKey);
  };
  const get = (path: string, bearer?: string) => fetch(`${consoleServer.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256', use: 'sig' };
    issuerServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/jwks') return res.end(JSON.stringify({ keys: [jwk] }));
      res.end(JSON.stringify({ ingetrokken: revoked.has(url.searchParams.get('jti') ?? '') }));
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    const api = async (event: HttpApiEvent): Promise<HttpApiResult> => {
      reached.push(event);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}', isBase64Encoded: false };
    };
    consoleServer = await startConsoleServer({ api });
    consoleServer.useAuth({ issuer, clientId: 'rapportbode-console', scope: 'rapportbode/console', revocationUrl: `${issuer}/lokaal/ingetrokken` });
  });

  afterAll(async () => {
    await consoleServer?.close();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  it('refuses a token without exp, which would never expire', async () => {
    // Prepare
    const before = reached.length;
    // Act
    const withExp = await get('/api/me', await token());
    const withoutExp = await get('/api/me', await token({ exp: false }));
    // Assess
    expect(withExp.status).toBe(200);
    expect(withoutExp.status).toBe(401);
    expect(reached.length).toBe(before + 1);
  });

  it('refuses a token whose sign-in was ended (revoked at the provider)', async () => {
    // Prepare
    const jti = randomUUID();
    const signedIn = await token({ jti });
    const before = await get('/api/me', signedIn);
    // Act
    revoked.add(jti);
    const after = await get('/api/me', signedIn);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('serves no page for a path that a browser reads as another host (//evil.example/)', async () => {
    // Act
    const answers = await Promise.all(['//evil.example/', '/\\evil.example/', '//evil.example/ontvangers.html'].map((p) => get(p)));
    const texts = await Promise.all(answers.map((a) => a.text()));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    for (const text of texts) {
      expect(text).toContain('lang="nl"');
      expect(text).toContain('Dit adres hoort niet bij de console');
      expect(text).not.toContain('id="inloggen"');
    }
  });

  it('answers a malformed % with a Dutch 400 page and a log line, for a page and for the API', async () => {
    // Prepare
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
    try {
      // Act
      const page = await get('/cijfers%E0%A4%A.html');
      const api = await get('/api/runs/%E0%A4%A/verzendingen', await token());
      // Assess
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('Dit adres bevat een % die niet door twee tekens 0–9 of A–F wordt gevolgd');
      expect(api.status).toBe(400);
      expect(logged.filter((l) => l.includes('malformed percent-encoding'))).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('sends Permissions-Policy and Cross-Origin-Opener-Policy with the pages, as CloudFront does', async () => {
    // Act
    const page = await get('/');
    // Assess
    expect(page.headers.get('permissions-policy')).toContain('camera=()');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});
