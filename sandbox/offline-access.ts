import type { Middleware } from 'koa';

/**
 * oidc-provider follows OpenID Connect Core §11: it silently drops `offline_access` (so issues no
 * refresh token) unless the request also says `prompt=consent`. HealthEx is plain OAuth 2.0 and our
 * client sends no prompt. The sandbox asks for consent on every authorization anyway, which is the
 * "other condition" that section allows, so we add `consent` to the prompt of front-channel
 * authorization requests that ask for `offline_access` (never to `prompt=none`, which must stay
 * alone). The `/oauth/authorize/<uid>` resume route keeps the stored parameters and is untouched.
 */
export function offlineAccessImpliesConsent(authorizationPath: string): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === authorizationPath) {
      const params = new URLSearchParams(ctx.querystring);
      const asksOffline = params.getAll('scope').some((scope) => scope.split(' ').includes('offline_access'));
      const prompts = params.getAll('prompt').flatMap((prompt) => prompt.split(' ')).filter(Boolean);
      if (asksOffline && params.getAll('prompt').length <= 1 && !prompts.includes('consent') && !prompts.includes('none')) {
        params.set('prompt', [...prompts, 'consent'].join(' '));
        ctx.querystring = params.toString();
      }
    }
    await next();
  };
}
