import type { Middleware } from 'koa';

import { SUPPORTED_SCOPES } from './test-data.js';

/**
 * HealthEx publishes only RFC 8414 metadata. oidc-provider serves the same document at both
 * well-known paths and fills it with OpenID Connect fields, so this middleware
 *  - answers 404 for `/.well-known/openid-configuration` (a client that asks for it is wrong), and
 *  - trims `/.well-known/oauth-authorization-server` to RFC 8414 / RFC 9207 fields.
 * The endpoint URLs still come from the provider itself, so they cannot drift from its routes.
 */

const RFC8414_FIELDS = new Set([
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'code_challenge_methods_supported',
  'authorization_response_iss_parameter_supported',
]);

export const OAUTH_METADATA_PATH = '/.well-known/oauth-authorization-server';
const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

export function oauthMetadataOnly(): Middleware {
  return async (ctx, next) => {
    if (ctx.path === OPENID_CONFIGURATION_PATH) {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: 'HealthEx publishes OAuth 2.0 metadata only, at ' + OAUTH_METADATA_PATH };
      return;
    }
    await next();
    if (ctx.path === OAUTH_METADATA_PATH && ctx.method === 'GET' && ctx.status === 200 && isRecord(ctx.body)) {
      const trimmed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(ctx.body)) {
        if (RFC8414_FIELDS.has(key) && value !== undefined) trimmed[key] = value;
      }
      // The provider adds `openid` (from its claims config) even though HealthEx offers no OIDC.
      trimmed['scopes_supported'] = [...SUPPORTED_SCOPES];
      trimmed['response_modes_supported'] = ['query'];
      ctx.body = trimmed;
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}
