// A real OpenID provider for govsocial's sign-in tests: npm oidc-provider 9.13.3 (panva).
// Started by tests/accounts/oidc/conftest.py; test-only (dev interactions, in-memory store).
//
//   OIDC_PROVIDER_DIR  where scripts/peers/install-oidc-provider.sh installed the package
//   OP_PORT            port on 127.0.0.1 (default 9400)
//   RP_REDIRECTS       comma-separated redirect URIs of the client
//
// Test control (not OIDC): PUT /test/accounts/<id> with JSON claims creates or replaces an
// account; DELETE /test/accounts/<id> disables it at the provider.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.env.OIDC_PROVIDER_DIR;
const { default: Provider, errors } = await import(
  pathToFileURL(join(dir, 'node_modules', 'oidc-provider', 'lib', 'index.js')).href
);
const PORT = Number(process.env.OP_PORT || 9400);
const ISSUER = `http://127.0.0.1:${PORT}`;
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const ACCOUNTS = new Map();
const DISABLED = new Set();

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: 'govsocial-test',
    client_secret: 'govsocial-test-secret',
    redirect_uris: (process.env.RP_REDIRECTS || 'http://testserver/oidc/callback/').split(','),
    post_logout_redirect_uris: ['http://testserver/login/'],
  }],
  jwks: { keys: [{ ...key, kid: 'test-rs256', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['test-only'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  features: { devInteractions: { enabled: true } }, // the login form accepts any password
  async findAccount(ctx, sub) {
    // A disabled account is refused as Keycloak and Entra ID refuse one: login_required.
    if (DISABLED.has(sub)) throw new errors.LoginRequired('the account is disabled');
    const claims = ACCOUNTS.get(sub);
    return claims && { accountId: sub, async claims() { return { sub, ...claims }; } };
  },
  async loadExistingGrant(ctx) { // consent is automatic: no consent page
    const id = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (id) return ctx.oidc.provider.Grant.find(id);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/test\/accounts\/([^/]+)$/);
  if (!match) return next();
  const id = decodeURIComponent(match[1]);
  if (ctx.method === 'DELETE') {
    DISABLED.add(id);
    ctx.status = 204;
    return undefined;
  }
  if (ctx.method === 'PUT') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    ACCOUNTS.set(id, JSON.parse(body || '{}'));
    DISABLED.delete(id);
    ctx.status = 204;
    return undefined;
  }
  ctx.status = 405;
  return undefined;
});

provider.listen(PORT, '127.0.0.1', () => console.log(`OP ready ${ISSUER}`));
