import type { Middleware } from 'koa';

/**
 * Headers on every response we serve. Our own pages (the callback's result pages) get a strict CSP
 * of their own; API answers are JSON and may never be framed or sniffed.
 */
export function securityHeaders(options: { https: boolean }): Middleware {
  return async (ctx, next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!ctx.response.get('Content-Security-Policy')) {
      ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Resource-Policy', ctx.path.startsWith('/widget/') ? 'cross-origin' : 'same-site');
    if (options.https) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}

/** CSP for the small HTML pages the callback renders: our own script and stylesheet only. */
export const RESULT_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
