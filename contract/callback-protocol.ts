/**
 * How the connect service's HealthEx callback reports back to the page that started it:
 * - popup mode: the callback page posts a {@link CallbackMessage} to its opener;
 * - redirect mode: the callback redirects to the return URL with {@link RESULT_PARAM} (and
 *   {@link ERROR_PARAM} on error). The widget adds {@link ATTEMPT_PARAM} (a per-tab nonce) to the
 *   return URL when it starts, so it can ask the service how that attempt really ended.
 * Either way the result is only a hint: the widget re-reads the status from the service.
 */
import type { AppErrorCode } from './error-codes.js';

export const RESULT_PARAM = 'healthex_result';
export const ERROR_PARAM = 'healthex_error';
export const ATTEMPT_PARAM = 'healthex_attempt';

/** The `source` field that marks a message as the callback's. */
export const MESSAGE_SOURCE = 'healthex-connect' as const;

export const AUTHORIZATION_RESULTS = ['authorized', 'denied', 'error'] as const;
/** What the callback reports: the patient allowed, denied, or something failed. */
export type AuthorizationResult = (typeof AUTHORIZATION_RESULTS)[number];

/** The message the callback page posts to the widget's window in popup mode: exactly these keys. */
export interface CallbackMessage {
  source: typeof MESSAGE_SOURCE;
  result: AuthorizationResult;
  code?: AppErrorCode;
}
