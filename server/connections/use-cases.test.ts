/**
 * The connection use cases in-process: begin, every outcome of completing an authorization,
 * attempt, confirm, disconnect and status, called through tRPC's `createCallerFactory` on the real
 * router and the real use-case functions, over in-memory fakes of HealthEx and the stores
 * (testkit/fakes/in-memory-connect.ts). No HTTP, no database, no sandbox: each test takes a few
 * milliseconds. The stack tests (tests/flows/, tests/security/) cover the same steps across the seams.
 */
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { inMemoryAudit, inMemoryConnectionStore, inMemoryHealthex, inMemoryPendingAuthorizations } from '../../testkit/fakes/in-memory-connect.js';
import { isConnectError, type AppErrorCode } from '../errors.js';
import type { ConnectTokenVerification } from '../identity/connect-token.js';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import { appRouter } from '../routers/app-router.js';
import type { ConnectServices } from '../services.js';
import { createCallerFactory } from '../trpc/init.js';
import { callbackQuery, createAuthorizationCallback, type CallbackOutcome } from './complete-authorization.js';
import { createConnectionService } from './create-connection-service.js';

const PAGE = 'https://salus.test';
const RETURN_URL = `${PAGE}/precision-medicine`;
const REDIRECT_URI = 'https://connect.test/auth/healthex/callback';
const ATTEMPT = 'attempt-nonce-0123456789abcdef';
const ISSUER: TrustedIssuer = { issuer: 'https://salus.test/tokens', allowedOrigins: [PAGE], key: new Uint8Array(32) };
const AVA = { iss: ISSUER.issuer, sub: 'ava' };
const log = pino({ level: 'silent' });
const createCaller = createCallerFactory(appRouter);

/** Services these use cases do not reach: using one fails the test that did. */
const notUsedHere = (what: string) => () => Promise.reject(new Error(`${what} is not part of the connection use cases`));

function world() {
  const store = inMemoryConnectionStore();
  const pending = inMemoryPendingAuthorizations();
  const healthex = inMemoryHealthex();
  const audit = inMemoryAudit();
  const connections = createConnectionService({ store, pending, healthex: healthex.client, audit, log });
  const complete = createAuthorizationCallback({ issuer: healthex.issuer, redirectUri: REDIRECT_URI, pending, healthex: healthex.client, connections, audit });
  const services: ConnectServices = {
    connections,
    audit,
    limits: { take: async () => ({ allowed: true }), ensureIndexes: async () => {} },
    records: { summary: notUsedHere('records'), sharing: notUsedHere('records'), update: notUsedHere('records') },
    activity: { latest: notUsedHere('the activity log') },
  };
  const caller = (auth: ConnectTokenVerification = { ok: true, user: AVA, issuer: ISSUER }, origin: string | null = PAGE) =>
    createCaller({ services, auth, origin, clientAddress: '192.0.2.1', requestId: 'request-1', log });

  /** HealthEx sending the patient back to the callback with these parameters. */
  async function callback(parameters: Record<string, string>): Promise<CallbackOutcome> {
    const search = `?${new URLSearchParams(parameters).toString()}`;
    return complete({ query: callbackQuery.parse(parameters), search, requestId: 'request-2', log });
  }
  /** Begins as Ava and returns HealthEx's state and code for that authorization. */
  async function begun(mode: 'popup' | 'redirect' = 'redirect') {
    const { authorizationUrl } = await caller().connection.begin({ returnUrl: RETURN_URL, mode, attempt: ATTEMPT });
    return { state: new URL(authorizationUrl).searchParams.get('state')!, code: healthex.codeFor(authorizationUrl) };
  }
  return { store, pending, healthex, audit, caller, callback, begun };
}

async function appCodeOf(call: Promise<unknown>): Promise<AppErrorCode | undefined> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError && isConnectError(error.cause)) return error.cause.code;
    if (error instanceof TRPCError) return error.code === 'UNAUTHORIZED' ? 'UNAUTHENTICATED' : 'INTERNAL';
    throw error;
  }
  return undefined;
}

let w: ReturnType<typeof world>;
beforeEach(() => {
  w = world();
});

describe('who may call', () => {
  it('refuses a caller without a valid connect token, and records the refusal', async () => {
    expect(await appCodeOf(w.caller({ ok: false, reason: 'expired', message: 'The connect token has expired.' }).connection.status())).toBe('UNAUTHENTICATED');
    expect(w.audit.events).toMatchObject([{ action: 'request.denied', outcome: 'denied', reason: 'expired' }]);
  });

  it('refuses a page origin the token’s issuer does not allow', async () => {
    expect(await appCodeOf(w.caller(undefined, 'https://elsewhere.test').connection.status())).toBe('ORIGIN_NOT_ALLOWED');
  });
});

describe('begin', () => {
  it('stores a pending authorization and returns HealthEx’s authorization URL with an S256 challenge', async () => {
    const { authorizationUrl } = await w.caller().connection.begin({ returnUrl: RETURN_URL, mode: 'popup' });
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${w.healthex.issuer}/oauth/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(await w.pending.returnTargetOf(url.searchParams.get('state')!)).toEqual({ returnUrl: RETURN_URL, mode: 'popup' });
    expect(w.audit.events).toMatchObject([{ action: 'authorization.begin', outcome: 'success', user: AVA }]);
    expect(await w.caller().connection.status()).toMatchObject({ state: 'not_connected' });
  });

  it('refuses a return URL outside the issuer’s allowed origins', async () => {
    expect(await appCodeOf(w.caller().connection.begin({ returnUrl: 'https://evil.test/', mode: 'redirect' }))).toBe('INVALID_RETURN_URL');
    expect(w.audit.events).toMatchObject([{ action: 'authorization.begin', outcome: 'denied', reason: 'return_url_not_allowed' }]);
  });

  it('says HealthEx is unavailable when it cannot prepare the authorization', async () => {
    w.healthex.unreachable = true;
    expect(await appCodeOf(w.caller().connection.begin({ returnUrl: RETURN_URL, mode: 'redirect' }))).toBe('HEALTHEX_UNAVAILABLE');
    expect(w.audit.events).toMatchObject([{ action: 'authorization.begin', outcome: 'failure', reason: 'healthex_unavailable' }]);
  });
});

describe('completing an authorization', () => {
  it('allowed: stores the tokens, the user is authorized, and the attempt reads authorized', async () => {
    const { state, code } = await w.begun();
    expect(await w.callback({ state, code, iss: w.healthex.issuer })).toMatchObject({ known: true, result: 'authorized', status: 200, returnUrl: RETURN_URL, mode: 'redirect' });
    expect(await w.caller().connection.status()).toMatchObject({ state: 'authorized', scope: ['patient/*.read', 'offline_access'] });
    expect(await w.caller().connection.attempt({ attempt: ATTEMPT })).toEqual({ result: 'authorized' });
  });

  it('denied at HealthEx: nothing changes, and the attempt reads denied', async () => {
    const { state } = await w.begun('popup');
    expect(await w.callback({ state, error: 'access_denied' })).toMatchObject({ known: true, result: 'denied', status: 403, mode: 'popup' });
    expect(await w.caller().connection.status()).toMatchObject({ state: 'not_connected' });
    expect(await w.caller().connection.attempt({ attempt: ATTEMPT })).toEqual({ result: 'denied' });
  });

  it('another HealthEx error, a missing code, a refused code, an issuer mix-up, a missing required iss: an error for the user to start again', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ error: 'server_error' }, 'healthex_error:server_error'],
      [{}, 'missing_code'],
      [{ code: 'not-a-code-healthex-gave' }, 'code_refused:invalid_grant'],
      [{ code: 'irrelevant', iss: 'https://other-server.test' }, 'issuer_mismatch'],
    ];
    for (const [parameters, reason] of cases) {
      const { state } = await w.begun();
      expect(await w.callback({ state, ...parameters })).toMatchObject({ known: true, result: 'error', code: 'AUTHORIZATION_FAILED' });
      expect(w.audit.events.at(-1)).toMatchObject({ action: 'authorization.callback', outcome: 'denied', reason });
    }
    w.healthex.requireIss = true;
    const { state, code } = await w.begun();
    expect(await w.callback({ state, code })).toMatchObject({ known: true, result: 'error', code: 'AUTHORIZATION_FAILED' });
    expect(w.audit.events.at(-1)).toMatchObject({ reason: 'issuer_missing' });
    expect(await w.caller().connection.status()).toMatchObject({ state: 'not_connected' });
    expect(await w.caller().connection.attempt({ attempt: ATTEMPT })).toEqual({ result: 'error', code: 'AUTHORIZATION_FAILED' });
  });

  it('HealthEx unreachable for the code exchange: HEALTHEX_UNAVAILABLE, nothing stored', async () => {
    const { state, code } = await w.begun();
    w.healthex.unreachable = true;
    expect(await w.callback({ state, code })).toMatchObject({ known: true, result: 'error', code: 'HEALTHEX_UNAVAILABLE', status: 502 });
    expect(w.store.documents.size).toBe(0);
  });

  it('a replayed, unknown or expired state, or a query without state: a page with no way back', async () => {
    const { state, code } = await w.begun();
    await w.callback({ state, code });
    expect(await w.callback({ state, code })).toMatchObject({ known: false, status: 400 });
    expect(await w.callback({ state: 'never-issued', code })).toMatchObject({ known: false, status: 400 });
    const late = await w.begun();
    w.pending.expireAll();
    expect(await w.callback({ state: late.state, code: late.code })).toMatchObject({ known: false, status: 400, message: expect.stringMatching(/expired/) });
    expect(await w.callback({ code })).toMatchObject({ known: false, status: 400 });
    expect(w.audit.events.filter((event) => event.outcome === 'denied').map((event) => event.reason)).toEqual(['state_replayed', 'state_unknown', 'state_expired', 'malformed_callback']);
  });

  it('a user who had confirmed goes straight back to connected, and the old tokens are revoked', async () => {
    const first = await w.begun();
    await w.callback({ state: first.state, code: first.code });
    await w.caller().connection.confirm();
    const again = await w.begun();
    await w.callback({ state: again.state, code: again.code });
    expect(await w.caller().connection.status()).toMatchObject({ state: 'connected' });
    expect(w.healthex.revoked).toEqual([
      { token: 'refresh-1', hint: 'refresh_token' },
      { token: 'access-1', hint: 'access_token' },
    ]);
  });
});

describe('confirm and disconnect', () => {
  it('confirm before authorizing is refused; after it, the user is connected (twice is harmless)', async () => {
    expect(await appCodeOf(w.caller().connection.confirm())).toBe('NOT_AUTHORIZED_YET');
    const { state, code } = await w.begun();
    await w.callback({ state, code });
    expect(await w.caller().connection.confirm()).toMatchObject({ state: 'connected', connectedAt: expect.any(String) });
    expect(await w.caller().connection.confirm()).toMatchObject({ state: 'connected' });
  });

  it('disconnect erases the tokens, revokes both at HealthEx and leaves the user not connected', async () => {
    const { state, code } = await w.begun();
    await w.callback({ state, code });
    await w.caller().connection.confirm();
    expect(await w.caller().connection.disconnect()).toMatchObject({ state: 'not_connected', scope: [] });
    expect(w.store.documents.size).toBe(0);
    expect(w.healthex.revoked.map((revocation) => revocation.hint)).toEqual(['refresh_token', 'access_token']);
    expect(w.audit.events.map((event) => `${event.action} ${event.outcome}`).slice(-2)).toEqual(['connection.disconnect success', 'token.revoke success']);
  });

  it('disconnect when HealthEx cannot be reached still erases our copy first', async () => {
    const { state, code } = await w.begun();
    await w.callback({ state, code });
    w.healthex.unreachable = true;
    expect(await w.caller().connection.disconnect()).toMatchObject({ state: 'not_connected' });
    expect(w.store.documents.size).toBe(0);
    expect(w.audit.events.at(-1)).toMatchObject({ action: 'token.revoke', outcome: 'failure' });
  });
});
