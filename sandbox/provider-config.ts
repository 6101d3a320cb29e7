import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import { interactionPolicy, type Configuration, type JWK } from 'oidc-provider';

import type { MemoryStore } from './memory-store.js';
import { SUPPORTED_SCOPES, findPatientById } from './test-data.js';
import { errorPage } from './views.js';

export const AUTHORIZATION_PATH = '/oauth/authorize';

/** HealthEx's documented paths; oidc-provider's own defaults differ. No introspection: HealthEx documents none. */
const ROUTES = {
  authorization: AUTHORIZATION_PATH,
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  registration: '/oauth/register',
  jwks: '/oauth/jwks',
} as const;

const DAY = 24 * 60 * 60;

export interface ProviderConfigInput {
  store: MemoryStore;
  accessTokenTtlSeconds: number;
  signingKey: JWK;
  interactionTtlSeconds: number;
}

export function buildProviderConfig(input: ProviderConfigInput): Configuration {
  const { store } = input;
  return {
    adapter: store.adapterFor,
    // Fresh keys per start: nothing the sandbox signs or seals outlives the process.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [input.signingKey] },
    scopes: [...SUPPORTED_SCOPES],
    responseTypes: ['code'],
    // Every authorization request needs PKCE; oidc-provider v9 itself only knows S256, so `plain`
    // and a missing method are refused before this is asked.
    pkce: { required: () => true },
    routes: ROUTES,
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only its own tokens; others get a silent 200.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      // Pure OAuth 2.0 like HealthEx: no OpenID Connect endpoints.
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    // Refresh tokens whenever offline_access was granted (the library's default says the same, but
    // HealthEx's behaviour is spelled out here), rotated on EVERY use rather than only for some
    // clients. A consumed token presented again is refused (documented) and, by oidc-provider, its
    // grant revoked; whether HealthEx revokes is unknown, so variant-middleware.ts can stop that.
    issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: input.accessTokenTtlSeconds,
      // Documented: codes are single-use and live 5 minutes.
      AuthorizationCode: 5 * 60,
      // A patient may take 30 minutes or more to sign in and pick providers (docs/architecture.md §3).
      Interaction: input.interactionTtlSeconds,
      Session: DAY,
      Grant: 30 * DAY,
      RefreshToken: 30 * DAY,
    },
    findAccount: (_ctx, id) => {
      const patient = findPatientById(id);
      return patient ? { accountId: patient.id, claims: () => ({ sub: patient.id, name: patient.name }) } : undefined;
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: signInEveryTimePolicy(),
    },
    renderError: (ctx, out) => {
      // Shown when the request cannot be answered at its redirect_uri (an unknown client or an
      // unregistered redirect_uri). Without a verified request there is no state to return, so the
      // way back is a plain link to the client's own registered redirect_uri, when the client is
      // known: its callback page (no state) then links to the host's home.
      const client = ctx.oidc?.client;
      const registered = client?.redirectUris?.[0];
      const back = client && registered ? { clientName: client.clientName ?? client.clientId, href: registered } : undefined;
      ctx.type = 'html';
      ctx.body = errorPage('Authorization failed', String(out['error_description'] ?? out['error'] ?? 'Unknown error'), back);
    },
  };
}

/**
 * The library skips the login prompt while a session cookie exists. HealthEx asks who is signing in
 * (and which providers to share) on every authorization, and so does the sandbox: the login prompt
 * is requested until the interaction itself returns a login result.
 */
function signInEveryTimePolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'sandbox_sign_in_every_time',
      'The HealthEx sandbox asks the patient to sign in for every authorization',
      (ctx) => !ctx.oidc.result?.['login'],
    ),
  );
  return policy;
}

export async function createSigningKey(): Promise<JWK> {
  // Nothing the sandbox issues is signed (access tokens are opaque, no ID tokens), but
  // oidc-provider needs a key and would otherwise use a shared development key with a warning.
  // RSA because registration's default id_token_signed_response_alg is RS256 and must be backed.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
}
