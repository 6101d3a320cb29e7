import type { Middleware } from 'koa';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

/** What tests can ask the sandbox about the traffic it has seen. */
export interface SandboxStats {
  /** Successful token-endpoint grants, by grant type. */
  grants: { authorization_code: number; refresh_token: number };
  /** Refused `grant_type=refresh_token` requests (reused, revoked, expired or unknown tokens). */
  failedRefreshes: number;
  /** Successful dynamic client registrations (RFC 7591). */
  registrations: number;
  /** Answered RFC 7009 revocation requests (200, whether or not the token was still known). */
  revocations: number;
  /** Grants revoked by the provider: by revocation, refresh-token reuse or `revokeGrantsOf`. */
  grantsRevoked: number;
}

/**
 * Counts through oidc-provider's events. v9 emits no event for a successful revocation, so that
 * count comes from a middleware that sees the revocation route's response.
 */
export function trackStats(provider: Provider): { stats: () => SandboxStats; middleware: Middleware; countGrantRevoked: () => void } {
  const counts: SandboxStats = {
    grants: { authorization_code: 0, refresh_token: 0 },
    failedRefreshes: 0,
    registrations: 0,
    revocations: 0,
    grantsRevoked: 0,
  };
  const grantType = (ctx: KoaContextWithOIDC) => ctx.oidc?.params?.['grant_type'];

  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const type = grantType(ctx);
    if (type === 'authorization_code' || type === 'refresh_token') counts.grants[type] += 1;
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC) => {
    if (grantType(ctx) === 'refresh_token') counts.failedRefreshes += 1;
  });
  provider.on('registration_create.success', () => {
    counts.registrations += 1;
  });
  provider.on('grant.revoked', () => {
    counts.grantsRevoked += 1;
  });

  const middleware: Middleware = async (ctx, next) => {
    await next();
    const oidc = (ctx as unknown as Partial<KoaContextWithOIDC>).oidc;
    if (ctx.method === 'POST' && oidc?.route === 'revocation' && ctx.status === 200) counts.revocations += 1;
  };

  return {
    stats: () => structuredClone(counts),
    middleware,
    countGrantRevoked: () => {
      counts.grantsRevoked += 1;
    },
  };
}
