/**
 * The OAuth callback's use case (RFC 6749 §4.1.2): HealthEx sends the user back with `state` and a
 * `code` (or an `error`). The state is consumed atomically (single use, expiry checked),
 * `error=access_denied` is told apart from other errors, `iss` is checked (RFC 9207), the code is
 * exchanged with the PKCE verifier and the tokens are stored sealed. Every refusal leaves an audit
 * event. The answer says what the user sees; the route (http/authorization-routes.ts) renders it.
 * No query value is ever logged.
 */
import type { Logger } from 'pino';
import type { AppErrorCode, AuthorizationResult } from 'healthex-connect-contract';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import { DecryptionError } from '../crypto/key-ring.js';
import { toConnectError } from '../db/database-outage.js';
import { AuthorizationResponseInvalidError, GrantRefusedError, HealthexUnavailableError, type HealthexClient, type TokenSet } from '../oauth/healthex-client.js';
import { PATIENT_PAGE_WORDS } from '../patient-error-words.js';
import type { ConnectionService } from './connection-service.js';
import type { ConsumeResult, PendingAuthorization, PendingAuthorizations } from './pending-authorizations.js';

export const callbackQuery = z.object({
  state: z.string().min(1).max(512).optional(),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
  iss: z.string().max(2048).optional(),
});
export type CallbackQuery = z.infer<typeof callbackQuery>;

export type { AuthorizationResult };

const UNREACHABLE_MESSAGE = 'HealthEx could not be reached to finish connecting. Nothing was connected; please try again in a moment.';

/** What the user is shown: a title and message, with an HTTP status for the page. */
interface Shown {
  status: number;
  title: string;
  message: string;
}

export type CallbackOutcome =
  /** We do not know whose sign-in this was (no usable state): a page with no way back. */
  | ({ known: false } & Shown)
  /** The sign-in's user goes back to their page (`returnUrl`, in their `mode`) with the result. */
  | ({
      known: true;
      result: AuthorizationResult;
      returnUrl: string;
      mode: PendingAuthorization['mode'];
      code?: AppErrorCode;
      /** HealthEx failed transiently and the sign-in may be tried once more: this same callback (path + query). */
      retryUrl?: string;
    } & Shown);

/** HealthEx documents single-use codes that live 5 minutes: a retry is offered for at most that long. */
export const CODE_LIFETIME_MS = 5 * 60_000;

export interface AuthorizationCallbackDeps {
  /** HealthEx's issuer identifier, which `iss` must equal. */
  issuer: string;
  /** Our redirect URI: the token request repeats it, with the callback's query. */
  redirectUri: string;
  pending: Pick<PendingAuthorizations, 'consume' | 'recordOutcome' | 'allowOneRetry'>;
  healthex: Pick<HealthexClient, 'issuerParameterRequired' | 'exchangeCode'>;
  connections: Pick<ConnectionService, 'storeAuthorization'>;
  audit: Pick<AuditLog, 'record'>;
}

export interface CallbackRequest {
  /** The parsed query, or null when it did not parse (a repeated or oversized parameter). */
  query: CallbackQuery | null;
  /** The raw query string, as HealthEx sent it (the token request needs it unchanged). */
  search: string;
  requestId: string;
  log: Logger;
}

export function createAuthorizationCallback(deps: AuthorizationCallbackDeps) {
  const { issuer, redirectUri, pending, healthex, connections, audit } = deps;

  /** The callback, with the outcome of a consumed authorization recorded on it for `connection.attempt`. */
  return async function completeAuthorization(request: CallbackRequest): Promise<CallbackOutcome> {
    let consumedId: string | undefined;
    const outcome = await answer(request, (id) => (consumedId = id));
    if (outcome.known && consumedId !== undefined) {
      try {
        await pending.recordOutcome(consumedId, outcome.result === 'error' ? { result: 'error', code: outcome.code ?? 'INTERNAL' } : { result: outcome.result });
      } catch (error) {
        // Only the widget's message is lost (it drops an unconfirmed flag); the page still answers.
        request.log.warn({ err: error }, 'the authorization outcome could not be recorded');
      }
    }
    return outcome;
  };

  async function answer({ query, search, requestId, log }: CallbackRequest, consumedOne: (id: string) => void): Promise<CallbackOutcome> {
    if (query === null || query.state === undefined) {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', reason: 'malformed_callback', requestId });
      return { known: false, status: 400, title: 'This link is not valid', message: 'HealthEx sent you back with an incomplete answer. Go back and start again.' };
    }
    const state = query.state;

    let consumed: ConsumeResult;
    try {
      consumed = await pending.consume(state);
    } catch (error) {
      // The database is down (503), or a stored value failed its integrity check: a page either way.
      const known = toConnectError(error);
      if (!known || error instanceof DecryptionError) {
        log.error({ err: error }, 'the pending authorization could not be read');
        await audit.record({ action: 'authorization.callback', outcome: 'failure', reason: 'pending_authorization_unreadable', requestId });
      }
      if (error instanceof DecryptionError) {
        // Never a 500: the stored verifier does not open (a key missing or replaced, or tampering).
        return { known: false, status: 503, title: 'HealthEx connection could not finish', message: 'This sign-in cannot be read by the service right now (an encryption key is unavailable). Go back and start again.' };
      }
      return {
        known: false,
        status: known?.status ?? 500,
        title: 'HealthEx connection could not finish',
        // The patient's words for the code: the developer's message stays in the log.
        message: (known ? PATIENT_PAGE_WORDS[known.code] : PATIENT_PAGE_WORDS.INTERNAL).message,
      };
    }
    if (!consumed.ok) {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', reason: consumed.reason, requestId });
      const message =
        consumed.reason === 'state_expired'
          ? 'This HealthEx sign-in took too long and has expired. Go back and start again.'
          : 'This HealthEx sign-in link was already used or is not known. Go back and start again.';
      return { known: false, status: 400, title: 'This sign-in link cannot be used', message };
    }
    const authorization = consumed.pending;
    consumedOne(authorization.id);
    const back = { known: true, returnUrl: authorization.returnUrl, mode: authorization.mode } as const;
    const refuse = async (reason: string, message: string, status = 400, code: AppErrorCode = 'AUTHORIZATION_FAILED'): Promise<Extract<CallbackOutcome, { known: true }>> => {
      await audit.record({ action: 'authorization.callback', outcome: 'denied', user: authorization.user, reason, requestId });
      return { ...back, result: 'error', status, title: 'HealthEx connection failed', message, code };
    };

    if (query.iss !== undefined && query.iss !== issuer) {
      // RFC 9207: a response from another authorization server (mix-up attack).
      return refuse('issuer_mismatch', 'The answer did not come from HealthEx. Nothing was connected; please start again.');
    }
    if (query.error !== undefined) {
      if (query.error === 'access_denied') {
        await audit.record({ action: 'authorization.callback', outcome: 'denied', user: authorization.user, reason: 'access_denied', requestId });
        return { ...back, result: 'denied', status: 403, title: 'Access not shared', message: 'You chose not to share your HealthEx records. Nothing was connected, and you can start again at any time.' };
      }
      return refuse(`healthex_error:${query.error.slice(0, 64)}`, 'HealthEx could not complete the authorization. Nothing was connected; please start again.');
    }
    if (query.code === undefined) {
      return refuse('missing_code', 'HealthEx did not send an authorization code. Nothing was connected; please start again.');
    }

    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = search;
    // Whether HealthEx sends RFC 9207 iss is unknown (docs/healthex-api.md): say which variant it showed.
    log.info({ issPresent: query.iss !== undefined }, 'HealthEx callback');
    let tokens: TokenSet;
    try {
      if (query.iss === undefined && (await healthex.issuerParameterRequired())) {
        return await refuse('issuer_missing', 'The answer from HealthEx was incomplete. Nothing was connected; please start again.');
      }
      tokens = await healthex.exchangeCode(callbackUrl, { state, verifier: authorization.verifier });
    } catch (error) {
      if (error instanceof HealthexUnavailableError) {
        // A 5xx or a timeout: HealthEx did not take the code (or, if it did, a retry is refused and
        // consumes it for good). The same callback may be tried once more within the code's life.
        log.warn({ err: error }, 'HealthEx code exchange failed');
        const retryable = await pending.allowOneRetry(authorization.id, CODE_LIFETIME_MS).catch(() => false);
        if (!retryable) return refuse('healthex_unavailable', UNREACHABLE_MESSAGE, 502, 'HEALTHEX_UNAVAILABLE');
        const shown = await refuse('healthex_unavailable', 'HealthEx could not be reached to finish connecting. Your sign-in is still valid for a few minutes: try again now.', 502, 'HEALTHEX_UNAVAILABLE');
        return { ...shown, retryUrl: callbackUrl.href };
      }
      return refuseExchange(error);
    }
    try {
      await connections.storeAuthorization(authorization.user, tokens, requestId);
    } catch (error) {
      return refuseExchange(error);
    }
    return { ...back, result: 'authorized', status: 200, title: 'HealthEx authorized', message: 'Your HealthEx records are authorized. You can close this window.' };

    async function refuseExchange(error: unknown): Promise<CallbackOutcome> {
      if (error instanceof GrantRefusedError) {
        return refuse(`code_refused:${error.oauthError}`, 'HealthEx did not accept this authorization (it may have been used already). Nothing was connected; please start again.');
      }
      if (error instanceof AuthorizationResponseInvalidError) {
        return refuse('invalid_authorization_response', 'The answer from HealthEx was not valid. Nothing was connected; please start again.');
      }
      const known = toConnectError(error);
      if (known) return refuse(known.code.toLowerCase(), PATIENT_PAGE_WORDS[known.code].message, known.status, known.code);
      log.warn({ err: error }, 'HealthEx code exchange failed');
      return refuse('healthex_unavailable', UNREACHABLE_MESSAGE, 502, 'HEALTHEX_UNAVAILABLE');
    }
  }
}

export type CompleteAuthorization = ReturnType<typeof createAuthorizationCallback>;
