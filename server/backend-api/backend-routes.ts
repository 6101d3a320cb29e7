/**
 * The back-end API over HTTP, for Salus services (server to server, never browsers):
 *
 *   POST /backend/v1/is-connected   body { user: { iss, sub }, feature }
 *     200 { connected: boolean, state: 'not_connected' | 'authorized' | 'connected' | 'reauth_required' }
 *   POST /backend/v1/access-token   body { user: { iss, sub }, feature }
 *     200 { accessToken: string, tokenType: 'Bearer', mcpUrl: string }
 *     409 { error: { code: 'NOT_CONNECTED' | 'REAUTH_REQUIRED', message } }
 *
 * Both need `Authorization: Bearer <service secret>` (see service-credentials.ts); without one, or
 * with a wrong one, they answer 401 and record a `request.denied` audit event. A credential limited
 * to some features gets 403 FEATURE_NOT_ALLOWED for others; one used for a user of a host site (issuer)
 * it does not name gets 403 ISSUER_NOT_ALLOWED, and both leave a `request.denied` audit event. Errors are `{ error: { code, message } }`,
 * never a stack. The access token appears in this one response only: `no-store`, never logged; ask
 * again for each use rather than caching it — refreshing is done here.
 */
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import { ConnectError } from '../errors.js';
import { bearerToken } from '../identity/connect-token.js';
import type { BackendApi } from './backend-api.js';
import { checkServiceSecret, featureName, mayActAs, mayActFor, type ServiceCredential } from './service-credentials.js';

export const BACKEND_PREFIX = '/backend/v1';
const MAX_BODY = '4kb'; // a user key and a feature name

const useRequest = z
  .object({
    user: z.object({ iss: z.string().min(1).max(2048), sub: z.string().min(1).max(512) }).strict(),
    feature: featureName,
  })
  .strict();
export type BackendUseRequest = z.infer<typeof useRequest>;

export interface BackendRouteDeps {
  api: BackendApi;
  credentials: readonly ServiceCredential[];
  audit: AuditLog;
  mcpUrl: string;
}

declare module 'koa' {
  interface DefaultState {
    serviceCredential?: ServiceCredential;
  }
}

export function backendRoutes(deps: BackendRouteDeps): Router {
  const { api, credentials, audit } = deps;
  const router = new Router({ prefix: BACKEND_PREFIX });

  /** Service credential first, before a byte of the body is read. */
  async function authenticate(ctx: Context, next: Next) {
    ctx.set('Cache-Control', 'no-store');
    const check = checkServiceSecret(credentials, bearerToken(ctx.get('Authorization') || undefined));
    if (!check.ok) {
      await audit.record({ action: 'request.denied', outcome: 'denied', reason: check.reason, requestId: ctx.state.requestId });
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="healthex-connect-backend"');
      ctx.body = { error: { code: 'UNAUTHENTICATED', message: 'A valid service credential is required (Authorization: Bearer <secret>).' } };
      return;
    }
    ctx.state.serviceCredential = check.credential;
    ctx.state.log = ctx.state.log.child({ service: check.credential.name });
    await next();
  }

  async function parseUse(ctx: Context): Promise<BackendUseRequest> {
    const parsed = useRequest.safeParse((ctx.request as { body?: unknown }).body);
    if (!parsed.success) throw new ConnectError('INVALID_INPUT', 'The body must be JSON: { "user": { "iss": "…", "sub": "…" }, "feature": "health-decisions" }.');
    const credential = ctx.state.serviceCredential!;
    // Host first: a credential for another site's users learns nothing about them, not even whether
    // the feature name would have been accepted.
    if (!mayActFor(credential, parsed.data.user.iss)) {
      await audit.record({ action: 'request.denied', outcome: 'denied', user: parsed.data.user, actor: parsed.data.feature, reason: 'issuer_not_allowed', requestId: ctx.state.requestId });
      throw new ConnectError('ISSUER_NOT_ALLOWED', 'This service credential may not act for users of this host site.');
    }
    if (!mayActAs(credential, parsed.data.feature)) {
      await audit.record({ action: 'request.denied', outcome: 'denied', user: parsed.data.user, actor: parsed.data.feature, reason: 'feature_not_allowed', requestId: ctx.state.requestId });
      throw new ConnectError('FEATURE_NOT_ALLOWED', `This service credential may not act as "${parsed.data.feature}".`);
    }
    return parsed.data;
  }

  const json = bodyParser({
    enableTypes: ['json'],
    jsonLimit: MAX_BODY,
    encoding: 'utf-8',
    // co-body's parse errors are not marked safe to expose and would answer 500; too large stays 413.
    onError: (error) => {
      if ((error as { status?: number }).status === 413) throw error;
      throw new ConnectError('INVALID_INPUT', 'The body must be valid JSON.');
    },
  });

  router.post('/is-connected', authenticate, json, async (ctx) => {
    const { user, feature } = await parseUse(ctx);
    ctx.body = await api.isConnected(user, feature, { requestId: ctx.state.requestId });
  });

  router.post('/access-token', authenticate, json, async (ctx) => {
    const { user, feature } = await parseUse(ctx);
    const accessToken = await api.getAccessToken(user, feature, { requestId: ctx.state.requestId });
    ctx.set('Pragma', 'no-cache');
    ctx.body = { accessToken, tokenType: 'Bearer', mcpUrl: deps.mcpUrl };
  });

  return router;
}
