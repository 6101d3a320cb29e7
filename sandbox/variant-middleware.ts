/**
 * The two OAuth unknowns the sandbox plays by configuration (variants.ts), as Koa middleware in
 * front of oidc-provider:
 * - `callbackIss: false`: the authorization response carries no RFC 9207 `iss` (oidc-provider
 *   always adds it), so clients are tested both with and without it;
 * - `refreshReuseRevokesGrant: false`: an already rotated refresh token presented again is refused
 *   with `invalid_grant` (documented) but the grant stays (oidc-provider would revoke it).
 */
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

import { readForm } from './read-form.js';
import type { SandboxVariants } from './variants.js';

export function callbackIssVariant(variants: SandboxVariants, authorizationPath: string): Middleware {
  return async (ctx, next) => {
    await next();
    if (variants.callbackIss || !ctx.path.startsWith(authorizationPath) || ctx.status < 300 || ctx.status >= 400) return;
    const location = ctx.response.get('Location');
    if (!location) return;
    if (!/[?&]iss=/.test(location)) return; // e.g. the relative redirect to the sign-in page
    const url = new URL(location);
    url.searchParams.delete('iss');
    ctx.redirect(url.href);
  };
}

export function refreshReuseVariant(variants: SandboxVariants, provider: Provider, tokenPath: string): Middleware {
  return async (ctx, next) => {
    if (variants.refreshReuseRevokesGrant || ctx.path !== tokenPath || ctx.method !== 'POST' || !ctx.is('application/x-www-form-urlencoded')) return next();
    // @koa/bodyparser leaves the parsed body on ctx.request.body, where oidc-provider then reads it.
    const form = await readForm(ctx);
    const presented = form.get('grant_type') === 'refresh_token' ? form.get('refresh_token') : null;
    if (presented) {
      const token = await provider.RefreshToken.find(presented);
      if (token?.consumed) {
        ctx.status = 400;
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { error: 'invalid_grant', error_description: 'grant request is invalid' };
        return;
      }
    }
    return next();
  };
}
