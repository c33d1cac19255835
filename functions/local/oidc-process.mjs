// The local OpenID Connect provider of the console, in a process of its own (like the emulators):
// oidc-provider with its development login page, issuing real RS256-signed JWT access tokens
// shaped like Cognito's (`cognito:groups`, `username`, `client_id`, `scope`). Started by
// functions/local/oidc.ts with one JSON argument; prints {"port": N} once it listens; exits when
// its stdin closes, that is when the process that started it dies.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const { clientId, scope, resource, redirectUri, consoleOrigin } = JSON.parse(process.argv[2] ?? '{}');

/** Which group a login name belongs to: `beheerder…` and `lezer…`; any other name gets none. */
function groupsFor(login) {
  const name = String(login).toLowerCase();
  if (name.startsWith('beheerder')) return ['beheerder'];
  if (name.startsWith('lezer')) return ['lezer'];
  return [];
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
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [redirectUri],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
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
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? { 'cognito:groups': groupsFor(token.accountId), username: token.accountId, token_use: 'access' } : undefined),
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
    renderError: (ctx, out) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `Inloggen lukte niet: ${out.error}${out.error_description ? ` (${out.error_description})` : ''}`;
    },
  });
  // The development login page is the package's own; its warnings are for developers, not operators.
  server.on('request', provider.callback());
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
