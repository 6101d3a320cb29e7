import * as client from 'openid-client';

import { completeAuthorization, type CompleteAuthorizationOptions } from './complete-authorization.js';
import type { Sandbox } from './start-sandbox.js';

/**
 * Test-only: plays the connect service's part against a sandbox with openid-client v6, the same
 * library the service uses. Never requested, the redirect URI only has to be registered.
 */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:9/auth/healthex/callback';
export const HEALTHEX_SCOPE = 'patient/*.read offline_access';

const insecureHttp = { algorithm: 'oauth2' as const, execute: [client.allowInsecureRequests] };

/** RFC 8414 discovery plus RFC 7591 registration of a public client, as docs/architecture.md §3 describes. */
export async function registerPublicClient(sandbox: Sandbox, clientName = 'Salus AI (test)'): Promise<client.Configuration> {
  return client.dynamicClientRegistration(
    new URL(sandbox.issuer),
    {
      client_name: clientName,
      redirect_uris: [TEST_REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: HEALTHEX_SCOPE,
    },
    client.None(),
    insecureHttp,
  );
}

export interface StartedAuthorization {
  url: URL;
  state: string;
  verifier: string;
}

export async function buildAuthorization(config: client.Configuration, extra: Record<string, string> = {}): Promise<StartedAuthorization> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: TEST_REDIRECT_URI,
    scope: HEALTHEX_SCOPE,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, state, verifier };
}

/** Authorizes as a test patient and exchanges the code: the whole happy path. */
export async function connect(
  config: client.Configuration,
  patient: Partial<CompleteAuthorizationOptions> & { username: string },
): Promise<client.TokenEndpointResponse> {
  const started = await buildAuthorization(config);
  const callback = await completeAuthorization(started.url.href, { decision: 'allow', ...patient });
  return client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: started.verifier, expectedState: started.state });
}
