import type { Middleware } from 'koa';

import { SUPPORTED_SCOPES } from './test-data.js';

/**
 * HealthEx publishes RFC 8414 metadata only, and its documented example
 * (https://docs.healthex.io/mcp-server/oauth-flow) lists exactly the fields below — no
 * `authorization_response_iss_parameter_supported`, no `introspection_endpoint`, no MCP URL. The
 * sandbox publishes the same and nothing more. oidc-provider serves the same document at both
 * well-known paths and fills it with OpenID Connect fields, so this middleware
 *  - answers 404 for `/.well-known/openid-configuration` (a client that asks for it is wrong), and
 *  - trims `/.well-known/oauth-authorization-server` to the documented fields.
 * The endpoint URLs still come from the provider itself, so they cannot drift from its routes.
 */

export const DOCUMENTED_METADATA_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'revocation_endpoint',
  'registration_endpoint',
  'scopes_supported',
  'code_challenge_methods_supported',
] as const;
const DOCUMENTED = new Set<string>(DOCUMENTED_METADATA_FIELDS);

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
        if (DOCUMENTED.has(key) && value !== undefined) trimmed[key] = value;
      }
      // The provider adds `openid` (from its claims config) even though HealthEx offers no OIDC.
      trimmed['scopes_supported'] = [...SUPPORTED_SCOPES];
      ctx.body = trimmed;
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}

/**
 * HealthEx documents `client_secret_expires_at: 0` in every registration answer; oidc-provider
 * leaves it out for public clients, so it is added here.
 */
export function documentedRegistrationAnswer(registrationPath: string): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path === registrationPath && ctx.method === 'POST' && ctx.status === 201 && isRecord(ctx.body) && ctx.body['client_secret_expires_at'] === undefined) {
      ctx.body = { ...ctx.body, client_secret_expires_at: 0 };
    }
  };
}
