/**
 * A result flag in the address bar (`?healthex_result=denied`) is only shown when the connect service
 * confirms it. When this tab starts an authorization, the widget makes a random nonce, keeps it in
 * sessionStorage and sends it with `connection.begin` (stored there hashed, bound to the user) and in
 * the return URL (`healthex_attempt=…`). The callback records how that authorization ended. Back on
 * the page, a flag is asked about with `connection.attempt` for this tab's nonce, and what is shown
 * is the service's answer, never the URL's words: a crafted link (no nonce of this tab) or one with
 * its result edited shows nothing false. The nonce is single-use and grants nothing.
 */
import { ATTEMPT_PARAM, type CallbackResult } from './callback-result.js';
import type { AttemptOutcome } from './types.js';

const STORAGE_KEY = 'healthex-connect:attempt';

/** Starts an attempt: the begin input with a fresh nonce, in the return URL too, remembered for this tab. */
export function withAttempt<T extends { returnUrl: string }>(input: T): T & { attempt: string } {
  const attempt = crypto.randomUUID();
  try {
    sessionStorage.setItem(STORAGE_KEY, attempt);
  } catch {
    // Storage refused (sandboxed frame, disabled): the flag will be dropped on return, which only
    // costs the message; the status is read from the service anyway.
  }
  const url = new URL(input.returnUrl);
  url.searchParams.set(ATTEMPT_PARAM, attempt);
  return { ...input, returnUrl: url.href, attempt };
}

/**
 * The result the service recorded for this tab's pending nonce, if `url` carries it (the nonce is
 * then used up); null otherwise, or when the service does not know it or cannot be asked.
 */
export async function confirmReturnFlag(url: URL, ask: (attempt: string) => Promise<AttemptOutcome>): Promise<CallbackResult | null> {
  try {
    const attempt = sessionStorage.getItem(STORAGE_KEY);
    if (!attempt || url.searchParams.get(ATTEMPT_PARAM) !== attempt) return null;
    sessionStorage.removeItem(STORAGE_KEY);
    const answer = await ask(attempt);
    return answer.result ? (answer as CallbackResult) : null;
  } catch {
    // No storage, or the service could not answer: nothing is shown.
    return null;
  }
}
