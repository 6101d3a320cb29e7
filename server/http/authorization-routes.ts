/**
 * The browser-facing half of the OAuth flow:
 * - `GET /auth/healthex` — begin for a plain link (`?token=<connect token>&returnUrl=…`), answered
 *   with a redirect to HealthEx.
 * - `GET /auth/healthex/callback` — HealthEx sends the user back here (RFC 6749 §4.1.2). The state is
 *   consumed atomically (single use, expiry checked), `error=access_denied` is handled, `iss` is
 *   checked (RFC 9207), the code is exchanged with the PKCE verifier, the tokens are stored sealed,
 *   and the user goes back to the embedding page (redirect with a result flag, or a popup message).
 * No query value from here is ever logged.
 */
import { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConnectConfig } from '../config.js';
import type { ConnectionServiceImpl } from '../connections/create-connection-service.js';
import type { PendingAuthorization, PendingAuthorizations } from '../connections/pending-authorizations.js';
import { toConnectError } from '../errors.js';
import { verifyConnectToken } from '../identity/connect-token.js';
import { AuthorizationResponseInvalidError, GrantRefusedError, type HealthexClient, type TokenSet } from '../oauth/healthex-client.js';
import { POPUP_SCRIPT, RESULT_STYLES, renderResultPage, returnUrlWithResult, type AuthorizationResult } from './result-page.js';
import { RESULT_PAGE_CSP } from './security-headers.js';

const callbackQuery = z.object({
  state: z.string().min(1).max(512).optional(),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
  iss: z.string().max(2048).optional(),
});

const beginQuery = z.object({
  token: z.string().min(1).max(8192),
  returnUrl: z.string().url().max(2048),
  mode: z.enum(['redirect', 'popup']).default('redirect'),
});

export interface AuthorizationRouteDeps {
  config: ConnectConfig;
  connections: ConnectionServiceImpl;
  pending: PendingAuthorizations;
  healthex: HealthexClient;
  audit: AuditLog;
}

function single(value: unknown): unknown {
  return Array.isArray(value) ? '\u0000duplicate' : value; // a repeated parameter is refused, not guessed at
}

function sendPage(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

export function authorizationRoutes(deps: AuthorizationRouteDeps): Router {
  const { config, connections, pending, healthex, audit } = deps;
  const router = new Router();

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

  /** The host for a page: the token's issuer when known, else the first configured host with a home page. */
  const hostOf = (iss?: string): { name?: string; home?: string } | undefined => {
    const issuer = (iss ? config.trustedIssuers.get(iss) : undefined) ?? [...config.trustedIssuers.values()].find((i) => i.homeUrl);
    return issuer ? { ...(issuer.displayName ? { name: issuer.displayName } : {}), ...(issuer.homeUrl ? { home: issuer.homeUrl } : {}) } : undefined;
  };

  router.get('/auth/healthex', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const query = beginQuery.safeParse(Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, single(v)])));
    if (!query.success) {
      return sendPage(ctx, 400, renderResultPage({ title: 'This link is not valid', message: 'The link to connect HealthEx is incomplete. Go back and try again.', host: hostOf() }));
    }
    const auth = await verifyConnectToken(query.data.token, config.trustedIssuers, config.connectToken);
    if (!auth.ok) {
      await audit.record({ action: 'request.denied', outcome: 'denied', reason: auth.reason, requestId: ctx.state.requestId });
      return sendPage(ctx, 401, renderResultPage({ title: 'Please sign in again', message: auth.message, host: hostOf() }));
    }
    // A navigation sends no Origin; a page script that does must be one the token's issuer allows,
    // exactly as for the API (the `authed` procedure).
    const origin = ctx.get('Origin');
    if (origin !== '' && !auth.issuer.allowedOrigins.includes(origin)) {
      await audit.record({ action: 'request.denied', outcome: 'denied', user: auth.user, reason: 'origin_not_allowed', requestId: ctx.state.requestId });
      return sendPage(ctx, 403, renderResultPage({ title: 'This page cannot connect HealthEx', message: 'This page is not allowed to use this connect token.', host: hostOf(auth.user.iss) }));
    }
    try {
      const { authorizationUrl } = await connections.begin(auth.user, auth.issuer, { returnUrl: query.data.returnUrl, mode: query.data.mode }, ctx.state.requestId);
      ctx.status = 303;
      ctx.redirect(authorizationUrl);
    } catch (error) {
      const known = toConnectError(error);
      if (!known) throw error;
      sendPage(ctx, known.status, renderResultPage({ title: 'HealthEx connection could not start', message: known.message, host: hostOf(auth.user.iss) }));
    }
  });

  router.get('/auth/healthex/callback', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const requestId: string = ctx.state.requestId;
    const parsed = callbackQuery.safeParse(Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, single(v)])));
    if (!parsed.success || parsed.data.state === undefined) {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', reason: 'malformed_callback', requestId });
      return sendPage(ctx, 400, renderResultPage({ title: 'This link is not valid', message: 'HealthEx sent you back with an incomplete answer. Go back and start again.', host: hostOf() }));
    }
    const query = parsed.data;
    const state = query.state!;

    let consumed: Awaited<ReturnType<PendingAuthorizations['consume']>>;
    try {
      consumed = await pending.consume(state);
    } catch (error) {
      // The database is down (503), or a stored value failed its integrity check: a page either way.
      const known = toConnectError(error);
      if (!known) {
        ctx.state.log.error({ err: error }, 'the pending authorization could not be read');
        await audit.record({ action: 'authorization.callback', outcome: 'failure', reason: 'pending_authorization_unreadable', requestId });
      }
      return sendPage(
        ctx,
        known?.status ?? 500,
        renderResultPage({ title: 'HealthEx connection could not finish', message: known?.message ?? 'Something went wrong on our side. Go back and start again.', host: hostOf() }),
      );
    }
    if (!consumed.ok) {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', reason: consumed.reason, requestId });
      const message =
        consumed.reason === 'state_expired'
          ? 'This HealthEx sign-in took too long and has expired. Go back and start again.'
          : 'This HealthEx sign-in link was already used or is not known. Go back and start again.';
      return sendPage(ctx, 400, renderResultPage({ title: 'This sign-in link cannot be used', message, host: hostOf() }));
    }
    const authorization = consumed.pending;
    const finish = (status: number, result: AuthorizationResult, title: string, message: string, code?: string) => {
      const back = returnUrlWithResult(authorization.returnUrl, result, code);
      if (result === 'authorized' && authorization.mode === 'redirect') {
        ctx.status = 303;
        return ctx.redirect(back);
      }
      return sendPage(
        ctx,
        status,
        renderResultPage({
          title,
          message,
          back: { url: back, mode: authorization.mode, popupMessage: { source: 'healthex-connect', result, ...(code ? { code } : {}) } },
          host: hostOf(authorization.user.iss),
        }),
      );
    };
    const refuse = async (reason: string, message: string, status = 400, code = 'AUTHORIZATION_FAILED') => {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', user: authorization.user, reason, requestId });
      return finish(status, 'error', 'HealthEx connection failed', message, code);
    };

    if (query.iss !== undefined && query.iss !== config.healthex.issuer) {
      // RFC 9207: a response from another authorization server (mix-up attack).
      return refuse('issuer_mismatch', 'The answer did not come from HealthEx. Nothing was connected; please start again.');
    }
    if (query.error !== undefined) {
      if (query.error === 'access_denied') {
        await audit.record({ action: 'authorization.callback', outcome: 'denied', user: authorization.user, reason: 'access_denied', requestId });
        return finish(403, 'denied', 'Access not shared', 'You chose not to share your HealthEx records. Nothing was connected, and you can start again at any time.');
      }
      return refuse(`healthex_error:${query.error.slice(0, 64)}`, 'HealthEx could not complete the authorization. Nothing was connected; please start again.');
    }
    if (query.code === undefined) {
      return refuse('missing_code', 'HealthEx did not send an authorization code. Nothing was connected; please start again.');
    }
    return exchange(ctx, authorization, state, query.iss !== undefined, finish, refuse);
  });

  async function exchange(
    ctx: Context,
    authorization: PendingAuthorization,
    state: string,
    issPresent: boolean,
    finish: (status: number, result: AuthorizationResult, title: string, message: string, code?: string) => unknown,
    refuse: (reason: string, message: string, status?: number, code?: string) => Promise<unknown>,
  ) {
    const callbackUrl = new URL(config.redirectUri);
    callbackUrl.search = ctx.querystring;
    let unstored: TokenSet | null = null;
    try {
      if (!issPresent && (await healthex.issuerParameterRequired())) {
        return await refuse('issuer_missing', 'The answer from HealthEx was incomplete. Nothing was connected; please start again.');
      }
      unstored = await healthex.exchangeCode(callbackUrl, { state, verifier: authorization.verifier });
      await connections.completeAuthorization(authorization.user, unstored, ctx.state.requestId);
      unstored = null;
    } catch (error) {
      // Tokens HealthEx issued but we could not store (the database went away) are kept nowhere:
      // make them useless at HealthEx too, so no live grant is left behind. The user starts again.
      if (unstored) await revokeQuietly(unstored, ctx.state.log);
      if (error instanceof GrantRefusedError) {
        return refuse(`code_refused:${error.oauthError}`, 'HealthEx did not accept this authorization (it may have been used already). Nothing was connected; please start again.');
      }
      if (error instanceof AuthorizationResponseInvalidError) {
        return refuse('invalid_authorization_response', 'The answer from HealthEx was not valid. Nothing was connected; please start again.');
      }
      const known = toConnectError(error);
      if (known) return refuse(known.code.toLowerCase(), known.message, known.status, known.code);
      ctx.state.log.warn({ err: error }, 'HealthEx code exchange failed');
      return refuse('healthex_unavailable', 'HealthEx could not be reached to finish connecting. Nothing was connected; please try again in a moment.', 502, 'HEALTHEX_UNAVAILABLE');
    }
    return finish(200, 'authorized', 'HealthEx authorized', 'Your HealthEx records are authorized. You can close this window.');
  }

  async function revokeQuietly(tokens: TokenSet, log: Context['state']['log']): Promise<void> {
    for (const [token, hint] of [[tokens.refreshToken, 'refresh_token'], [tokens.accessToken, 'access_token']] as const) {
      if (token === null) continue;
      await healthex.revoke(token, hint).catch((error: unknown) => log.warn({ err: error, hint }, 'could not revoke tokens that were not stored'));
    }
  }

  return router;
}
