import type { Middleware } from 'koa';

/**
 * Headers on every response we serve. They are set before the rest of the chain runs, because tRPC
 * writes its answers straight to the Node response and an error may skip anything set afterwards.
 * Our own pages (the callback's result pages) replace the CSP with a strict one of their own; API
 * answers are JSON and may never be framed or sniffed. HSTS when the public URL is https or the
 * request arrived over TLS (as the trusted proxy reports it).
 */
export function securityHeaders(options: { https: boolean }): Middleware {
  // Not async: nothing runs after `next`, so the chain pays no extra promise for this step.
  return (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', API_CSP);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Resource-Policy', ctx.path.startsWith('/widget/') ? 'cross-origin' : 'same-site');
    if (options.https || ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    return next();
  };
}

/** CSP for everything that is not one of our pages: nothing may load, run or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** CSP for the small HTML pages the callback renders: our own script and stylesheet only. */
export const RESULT_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
