// The local OpenID Connect provider of the console, in a process of its own (like the emulators):
// oidc-provider with the console's own Dutch sign-in page (never the package's development page,
// which is English and fetches Google Fonts), issuing real RS256-signed JWT access tokens
// shaped like Cognito's (`cognito:groups`, `username`, `client_id`, `scope`). Started by
// functions/local/oidc.ts with one JSON argument; prints {"port": N} once it listens; exits when
// its stdin closes, that is when the process that started it dies.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { errorPage, loginPage, logoutPage, readForm } from './oidc-pages.mjs';

const { clientId, scope, resource, redirectUri, consoleOrigin } = JSON.parse(process.argv[2] ?? '{}');

/** Which group a login name belongs to: `beheerder…` and `lezer…`; any other name gets none. */
function groupsFor(login) {
  const name = String(login).toLowerCase();
  if (name.startsWith('beheerder')) return ['beheerder'];
  if (name.startsWith('lezer')) return ['lezer'];
  return [];
}

/**
 * JWT access tokens cannot be revoked at the provider itself (it refuses structured tokens), so it
 * remembers which tokens each grant issued; signing out revokes the grant, and the console server
 * asks `/lokaal/ingetrokken?jti=…` before it accepts a token, as Cognito's revocation does in AWS.
 */
const tokensByGrant = new Map();
const revoked = new Set();
function remember(grantId, jti) {
  if (!grantId || !jti) return;
  tokensByGrant.set(grantId, [...(tokensByGrant.get(grantId) ?? []), jti]);
}

/** The sign-in pages and the revocation check; false when the provider itself answers. */
async function interactions(provider, req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/lokaal/ingetrokken') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ingetrokken: revoked.has(url.searchParams.get('jti') ?? '') }));
    return true;
  }
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) return false;
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    // Consent is never asked of an operator (loadExistingGrant); any other prompt ends the sign-in.
    await provider.interactionFinished(req, res, { error: 'access_denied' }, { mergeWithLastSubmission: false });
    return true;
  }
  if (req.method === 'POST' && match[2]) {
    const form = await readForm(req);
    const login = (form.get('login') ?? '').trim();
    if (!login) {
      loginPage(res, details.uid, 'Vul uw gebruikersnaam in.');
      return true;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return true;
  }
  loginPage(res, details.uid);
  return true;
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `local-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        // refresh_token: the console extends a session before it ends, as with Cognito's refresh token.
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [redirectUri],
      },
    ],
    jwks: { keys: [jwk] },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutPage, postLogoutSuccessSource: (ctx) => errorPage(ctx, 'U bent uitgelogd.') },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return { scope, audience: resource, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: id }) }),
    // What Cognito puts in its access tokens, so the console reads local and AWS tokens alike.
    extraTokenClaims: (_ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      remember(token.grantId, token.jti);
      return { 'cognito:groups': groupsFor(token.accountId), username: token.accountId, token_use: 'access' };
    },
    // A first-party console: the operator signs in and is not asked to consent to its own tool.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(resource, scope);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
    // A fixed Dutch sentence: the provider's error text is English and may quote the request.
    renderError: (ctx) => errorPage(ctx, 'Inloggen lukte niet. Ga terug naar de console en probeer het opnieuw.'),
  });
  // A signed-out operator's grant is revoked: its access tokens no longer count (see /lokaal/ingetrokken).
  provider.on('grant.revoked', (_ctx, grantId) => {
    for (const jti of tokensByGrant.get(grantId) ?? []) revoked.add(jti);
    tokensByGrant.delete(grantId);
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    interactions(provider, req, res).then(
      (handled) => handled || callback(req, res),
      (error) => {
        console.error('local OIDC provider:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Inloggen lukte niet. Ga terug naar de console en probeer het opnieuw.');
      },
    );
  });
  process.stdout.write(`${JSON.stringify({ port, issuer })}\n`);
});

function stop() {
  // Keep-alive connections of the browser can hold close() open; do not wait for them for long.
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
