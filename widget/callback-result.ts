/**
 * How the connect service's callback reports back, and how the widget checks it:
 * - popup mode: the callback page posts `{ source: 'healthex-connect', result, code? }` to the opener;
 *   accepted only from the connect service's origin and with exactly that shape;
 * - redirect mode: the callback redirects to the return URL with `healthex_result` (and
 *   `healthex_error` on error); the widget removes them and shows a result only when the service
 *   confirms it for the attempt nonce this tab stored when it started (return-attempt.ts).
 * Either way the result is only a hint: the widget re-reads the status from the service.
 */
import { ATTEMPT_PARAM, AUTHORIZATION_RESULTS, ERROR_PARAM, MESSAGE_SOURCE, RESULT_PARAM } from 'healthex-connect-contract';
import { isAppErrorCode, type AppErrorCode, type AuthorizationResult } from './types.js';

export { ATTEMPT_PARAM, ERROR_PARAM, RESULT_PARAM };

export interface CallbackResult {
  result: AuthorizationResult;
  code?: AppErrorCode;
}

/** The callback's flags and the attempt nonce the widget adds to its return URL (return-attempt.ts). */
const FLAG_PARAMS = [RESULT_PARAM, ERROR_PARAM, ATTEMPT_PARAM];
const RESULTS: readonly string[] = AUTHORIZATION_RESULTS;

function isResult(value: unknown): value is AuthorizationResult {
  return typeof value === 'string' && RESULTS.includes(value);
}

/** The origin messages must come from: the connect service's, or null for an unusable base URL. */
export function serviceOrigin(apiBase: string): string | null {
  try {
    const origin = new URL(apiBase).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The callback result carried by a message event, or null when the message must be ignored: wrong
 * origin, not a plain object, other keys, unknown values.
 */
export function readCallbackMessage(event: Pick<MessageEvent, 'origin' | 'data'>, expectedOrigin: string | null): CallbackResult | null {
  if (expectedOrigin === null || event.origin !== expectedOrigin) return null;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) return null;
  const record = data as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!keys.every((key) => key === 'source' || key === 'result' || key === 'code')) return null;
  if (record['source'] !== MESSAGE_SOURCE || !isResult(record['result'])) return null;
  if (!('code' in record)) return { result: record['result'] };
  const code = record['code'];
  // A code this widget version does not know yet (codes are only ever added) still counts, as INTERNAL.
  if (typeof code !== 'string' || !/^[A-Z][A-Z_]{0,63}$/.test(code)) return null;
  return { result: record['result'], code: isAppErrorCode(code) ? code : 'INTERNAL' };
}

/**
 * The URL without the callback's flags. Everything else (path, the other parameters exactly as
 * written, hash) is kept: parameters are filtered as text rather than re-serialised.
 */
export function withoutReturnFlag(url: URL): URL {
  const copy = new URL(url.href);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      let name = part.split('=')[0] ?? '';
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        return true;
      }
      return !FLAG_PARAMS.includes(name);
    });
  copy.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  return copy;
}

/** Whether the URL carries any of the callback's flags. */
export function hasReturnFlag(url: URL): boolean {
  return FLAG_PARAMS.some((name) => url.searchParams.has(name));
}
