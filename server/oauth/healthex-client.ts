/**
 * The OAuth 2.0 client for HealthEx, on openid-client v6: RFC 8414 discovery (HealthEx has no
 * OpenID configuration), RFC 7591 registration as a public client, Authorization Code + PKCE (RFC
 * 7636, S256), refresh with rotation, RFC 7009 revocation, RFC 9207 `iss` check (done by
 * openid-client when the metadata advertises it). Token values pass through here in memory only.
 */
import * as oauth from 'openid-client';
import type { Collection } from 'mongodb';
import type { Logger } from 'pino';
import type { OAuthClientDocument } from '../db/collections.js';
import { registeredClientId } from './client-registration.js';

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scope: string[];
}

/** HealthEx refused a grant (invalid_grant and friends): the code or refresh token is no good. */
export class GrantRefusedError extends Error {
  override readonly name = 'GrantRefusedError';
  constructor(readonly oauthError: string) {
    super(`HealthEx refused the grant (${oauthError})`);
  }
}

/** The authorization response itself was wrong: state, iss or a missing code (RFC 9207, 6749 §4.1.2). */
export class AuthorizationResponseInvalidError extends Error {
  override readonly name = 'AuthorizationResponseInvalidError';
}

/** HealthEx could not be reached, timed out, or answered something unusable. */
export class HealthexUnavailableError extends Error {
  override readonly name = 'HealthexUnavailableError';
}

export interface HealthexClientOptions {
  issuer: string;
  redirectUri: string;
  clientName: string;
  scope: string;
  timeoutSeconds: number;
  allowInsecureHttp: boolean;
  registrations: Collection<OAuthClientDocument>;
  log: Logger;
  /** How long discovered metadata is used before it is fetched again (default one hour). */
  metadataMaxAgeMs?: number;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

export const DEFAULT_METADATA_MAX_AGE_MS = 60 * 60 * 1000;
/** After a failed refresh the metadata in hand stays in use, and the next refresh waits this long. */
const REFRESH_RETRY_MS = 60 * 1000;

export interface HealthexClient {
  authorizationUrl(input: { state: string; codeChallenge: string }): Promise<URL>;
  /** Whether HealthEx promises `iss` on every authorization response (RFC 9207 §3). */
  issuerParameterRequired(): Promise<boolean>;
  exchangeCode(callbackUrl: URL, checks: { state: string; verifier: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void>;
}

export function createHealthexClient(options: HealthexClientOptions): HealthexClient {
  const requestOptions: oauth.DiscoveryRequestOptions = {
    algorithm: 'oauth2',
    timeout: options.timeoutSeconds,
    ...(options.allowInsecureHttp ? { execute: [oauth.allowInsecureRequests] } : {}),
  };
  const maxAgeMs = options.metadataMaxAgeMs ?? DEFAULT_METADATA_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let configuration: Promise<oauth.Configuration> | undefined;
  let refreshAt = 0; // when the configuration in hand is due for a refresh
  let refreshing = false;

  async function discoverAndRegister(): Promise<oauth.Configuration> {
    const issuer = new URL(options.issuer);
    const clientId = await registeredClientId(options.registrations, options.issuer, options.redirectUri, async () => {
      const registered = await oauth.dynamicClientRegistration(
        issuer,
        {
          client_name: options.clientName,
          redirect_uris: [options.redirectUri],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          scope: options.scope,
        },
        oauth.None(),
        requestOptions,
      );
      options.log.info({ issuer: options.issuer }, 'registered with HealthEx as a public OAuth client');
      return registered.clientMetadata().client_id;
    });
    const config = await oauth.discovery(issuer, clientId, undefined, oauth.None(), requestOptions);
    if (!config.serverMetadata().code_challenge_methods_supported?.includes('S256')) {
      throw new HealthexUnavailableError('HealthEx metadata does not list S256 PKCE support');
    }
    return config;
  }

  /**
   * Discovery and registration happen once, on first use (retried after a failure), and not per
   * request: every begin and callback uses the configuration in hand. Once it is `maxAgeMs` old the
   * next use fetches the metadata again in the background while the one in hand keeps serving, so no
   * request waits for HealthEx's metadata after the first; a failed refresh keeps the old one.
   */
  function getConfiguration(): Promise<oauth.Configuration> {
    if (configuration === undefined) {
      configuration = discoverAndRegister().then(
        (config) => ((refreshAt = now() + maxAgeMs), config),
        (error: unknown) => {
          configuration = undefined;
          throw asUnavailable(error);
        },
      );
    } else if (!refreshing && refreshAt !== 0 && now() >= refreshAt) {
      refreshing = true;
      discoverAndRegister().then(
        (config) => {
          configuration = Promise.resolve(config);
          refreshAt = now() + maxAgeMs;
        },
        (error: unknown) => {
          refreshAt = now() + REFRESH_RETRY_MS;
          options.log.warn({ err: asUnavailable(error) }, 'could not refresh the HealthEx metadata; the metadata in hand stays in use');
        },
      ).finally(() => (refreshing = false));
    }
    return configuration;
  }

  return {
    async authorizationUrl({ state, codeChallenge }) {
      const config = await getConfiguration();
      return oauth.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
    },

    async issuerParameterRequired() {
      const config = await getConfiguration();
      return config.serverMetadata().authorization_response_iss_parameter_supported === true;
    },

    async exchangeCode(callbackUrl, { state, verifier }) {
      const config = await getConfiguration();
      try {
        const tokens = await oauth.authorizationCodeGrant(config, callbackUrl, { expectedState: state, pkceCodeVerifier: verifier });
        return toTokenSet(tokens, options.scope);
      } catch (error) {
        throw classify(error);
      }
    },

    async refresh(refreshToken) {
      const config = await getConfiguration();
      try {
        const tokens = await oauth.refreshTokenGrant(config, refreshToken);
        return toTokenSet(tokens, options.scope);
      } catch (error) {
        throw classify(error);
      }
    },

    async revoke(token, hint) {
      const config = await getConfiguration();
      try {
        await oauth.tokenRevocation(config, token, { token_type_hint: hint });
      } catch (error) {
        // RFC 7009 §2.2.1: a 400 (unsupported_token_type, invalid_request) is HealthEx's final word on
        // this request — retrying will not change it; anything else (5xx, timeout) may pass.
        if (error instanceof oauth.ResponseBodyError && error.status === 400) throw new GrantRefusedError(error.error);
        throw classify(error);
      }
    },
  };
}

function toTokenSet(tokens: oauth.TokenEndpointResponse & oauth.TokenEndpointResponseHelpers, requestedScope: string): TokenSet {
  const expiresIn = tokens.expiresIn();
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000),
    // RFC 6749 §5.1: scope may be omitted when it equals the requested one.
    scope: (tokens.scope ?? requestedScope).split(' ').filter(Boolean),
  };
}

function classify(error: unknown): Error {
  if (error instanceof oauth.ResponseBodyError) {
    if (['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope'].includes(error.error)) {
      return new GrantRefusedError(error.error);
    }
    return new HealthexUnavailableError(`HealthEx answered ${error.status} ${error.error}`);
  }
  // The callback checks state, iss and code itself before exchanging (connections/complete-authorization.ts);
  // openid-client checks them again, and a disagreement there is still a bad response, not an outage.
  if (error instanceof oauth.AuthorizationResponseError || (error as { code?: string }).code === 'OAUTH_INVALID_RESPONSE') {
    return new AuthorizationResponseInvalidError((error as Error).message);
  }
  return asUnavailable(error);
}

function asUnavailable(error: unknown): Error {
  if (error instanceof HealthexUnavailableError || error instanceof GrantRefusedError) return error;
  return new HealthexUnavailableError(`HealthEx request failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
