/**
 * The browser-facing half of the OAuth flow, as routes that parse the query, call the use case in
 * connections/ and render its answer:
 * - `GET /auth/healthex` — begin for a plain link (connections/begin-from-link.ts), answered with a
 *   redirect to HealthEx or a page saying why not.
 * - `GET /auth/healthex/callback` — HealthEx sends the user back here
 *   (connections/complete-authorization.ts); the user goes back to the embedding page (a redirect
 *   with a result flag, or a popup message) or sees a page.
 * No query value from here is ever logged.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { MESSAGE_SOURCE } from 'healthex-connect-contract';
import { beginLinkQuery, type BeginFromLink } from '../connections/begin-from-link.js';
import { callbackQuery, type CompleteAuthorization } from '../connections/complete-authorization.js';
import { POPUP_SCRIPT, RESULT_STYLES, renderResultPage, returnUrlWithResult, type PageHost } from './result-page.js';
import { pageLocale } from './page-locale.js';
import { PAGE_CHROME } from './page-words.js';
import { RESULT_PAGE_CSP } from './security-headers.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';

export interface AuthorizationRouteDeps {
  beginFromLink: BeginFromLink;
  completeAuthorization: CompleteAuthorization;
  /** The host sites, for the pages' name and links (their optional displayName, homeUrl and supportUrl). */
  hosts?: Iterable<TrustedIssuer>;
}

/**
 * The host a page belongs to: the one whose page origin the return URL is on; with no return URL
 * (the state is unknown) only the sole configured host, if there is just one. Never a guess: a
 * partner's patient must not be sent "back" to another host, so an unknown host gets a neutral page.
 */
function hostFor(hosts: TrustedIssuer[], returnUrl?: string): PageHost | undefined {
  let origin: string | undefined;
  try {
    origin = returnUrl ? new URL(returnUrl).origin : undefined;
  } catch {
    origin = undefined;
  }
  const host = origin ? hosts.find((h) => h.allowedOrigins.includes(origin)) : hosts.length === 1 ? hosts[0] : undefined;
  if (!host) return undefined;
  return {
    ...(host.displayName ? { name: host.displayName } : {}),
    ...(host.homeUrl ? { home: host.homeUrl } : {}),
    ...(host.supportUrl ? { support: host.supportUrl } : {}),
  };
}

/** The query with every repeated parameter refused (a value no schema accepts), not guessed at. */
function singleValued(query: Context['query']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? '\u0000duplicate' : value]));
}

function localeOf(ctx: Context) {
  return pageLocale({ query: ctx.query, acceptLanguage: ctx.get('Accept-Language') || undefined });
}

function sendPage(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.set('Content-Language', localeOf(ctx));
  ctx.vary('Accept-Language');
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

export function authorizationRoutes({ beginFromLink, completeAuthorization, hosts: configured = [] }: AuthorizationRouteDeps): Router {
  const router = new Router();
  const hosts = [...configured];

  router.get('/auth/healthex/popup.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = POPUP_SCRIPT;
  });

  router.get('/auth/healthex/result.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = RESULT_STYLES;
  });

  router.get('/auth/healthex', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const query = beginLinkQuery.safeParse(singleValued(ctx.query));
    if (!query.success) {
      // A return URL on a configured host's origin names that host (an exact match, not a guess).
      const returnUrl = typeof ctx.query.returnUrl === 'string' ? ctx.query.returnUrl : undefined;
      return sendPage(ctx, 400, renderResultPage({ ...PAGE_CHROME.en.invalidLink, host: hostFor(hosts, returnUrl), locale: localeOf(ctx) }));
    }
    const outcome = await beginFromLink(query.data, ctx.get('Origin') || null, ctx.state.requestId);
    if ('redirectTo' in outcome) {
      ctx.status = 303;
      return ctx.redirect(outcome.redirectTo);
    }
    sendPage(ctx, outcome.status, renderResultPage({ title: outcome.title, message: outcome.message, host: hostFor(hosts, query.data.returnUrl), locale: localeOf(ctx) }));
  });

  router.get('/auth/healthex/callback', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const parsed = callbackQuery.safeParse(singleValued(ctx.query));
    const outcome = await completeAuthorization({ query: parsed.success ? parsed.data : null, search: ctx.querystring, requestId: ctx.state.requestId, log: ctx.state.log });
    if (!outcome.known) return sendPage(ctx, outcome.status, renderResultPage({ title: outcome.title, message: outcome.message, host: hostFor(hosts), locale: localeOf(ctx) }));

    const back = returnUrlWithResult(outcome.returnUrl, outcome.result, outcome.code);
    if (outcome.result === 'authorized' && outcome.mode === 'redirect') {
      ctx.status = 303;
      return ctx.redirect(back);
    }
    const popupMessage = { source: MESSAGE_SOURCE, result: outcome.result, ...(outcome.code ? { code: outcome.code } : {}) };
    sendPage(ctx, outcome.status, renderResultPage({ title: outcome.title, message: outcome.message, back: { url: back, mode: outcome.mode, popupMessage }, host: hostFor(hosts, outcome.returnUrl), retryUrl: outcome.retryUrl, locale: localeOf(ctx) }));
  });

  return router;
}
