import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import { interactionPolicy, type Configuration, type JWK } from 'oidc-provider';

import type { ProviderChoices } from './interactions.js';
import type { MemoryStore } from './memory-store.js';
import { SUPPORTED_SCOPES, findPatientById } from './test-data.js';
import { errorPage } from './views.js';

/** Static confidential client that `sandbox.introspect` authenticates as (public clients cannot). */
export const INSPECTOR_CLIENT_ID = 'sandbox-inspector';

export const AUTHORIZATION_PATH = '/oauth/authorize';

/** HealthEx's paths (DESIGN.md §3); oidc-provider's own defaults differ. */
const ROUTES = {
  authorization: AUTHORIZATION_PATH,
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  registration: '/oauth/register',
  introspection: '/oauth/introspect',
  jwks: '/oauth/jwks',
} as const;

const DAY = 24 * 60 * 60;

export interface ProviderConfigInput {
  store: MemoryStore;
  choices: ProviderChoices;
  accessTokenTtlSeconds: number;
  inspectorSecret: string;
  signingKey: JWK;
  interactionTtlSeconds: number;
}

export function buildProviderConfig(input: ProviderConfigInput): Configuration {
  const { store, choices } = input;
  return {
    adapter: store.adapterFor,
    clients: [
      {
        client_id: INSPECTOR_CLIENT_ID,
        client_secret: input.inspectorSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
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
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) =>
          client.clientId === INSPECTOR_CLIENT_ID || token.clientId === client.clientId,
      },
      // Pure OAuth 2.0 like HealthEx: no OpenID Connect endpoints.
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    // Refresh tokens whenever offline_access was granted (the library's default says the same, but
    // HealthEx's behaviour is spelled out here), rotated on EVERY use rather than only for some
    // clients. A consumed token presented again is refused and its grant revoked by oidc-provider.
    issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: input.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      // A patient may take 30 minutes or more to sign in and pick providers (DESIGN.md §3).
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
    // Lets introspection (and so tests and the records endpoint) see which providers were shared.
    extraTokenClaims: (_ctx, token) => {
      const grantId = token.kind === 'AccessToken' ? token.grantId : undefined;
      const providers = grantId ? choices.byGrant.get(grantId) : undefined;
      return providers ? { healthex_providers: [...providers] } : undefined;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage('Authorization failed', String(out['error_description'] ?? out['error'] ?? 'Unknown error'));
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
