import type { Middleware } from 'koa';
import { homePage } from './views.js';

/** `GET /` says what the sandbox is and links to the demo, instead of oidc-provider's bare "Not Found". */
export function sandboxHomePage(demoLinks: () => readonly { name: string; url: string }[]): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = homePage(demoLinks());
  };
}
