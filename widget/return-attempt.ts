/**
 * A result flag in the address bar (`?healthex_result=denied`) is only believed when it comes back
 * from an authorization this tab started. When it starts one, the widget stores a random nonce in
 * sessionStorage and adds it to the return URL it hands the service (`healthex_attempt=…`); the
 * callback sends the browser back to that URL, nonce included. A crafted link cannot know the nonce
 * (it never leaves this tab's storage and the service's transaction), so its flag is dropped. The
 * nonce is single-use and grants nothing: the status is always re-read from the service.
 */
import { ATTEMPT_PARAM, readReturnFlag, type CallbackResult } from './callback-result.js';

const STORAGE_KEY = 'healthex-connect:attempt';

/** Starts an attempt: the return URL with a fresh nonce, remembered for this tab. */
export function returnUrlForAttempt(returnUrl: string): string {
  const nonce = crypto.randomUUID();
  try {
    sessionStorage.setItem(STORAGE_KEY, nonce);
  } catch {
    // Storage refused (sandboxed frame, disabled): the flag will be dropped on return, which only
    // costs the message; the status is read from the service anyway.
  }
  const url = new URL(returnUrl);
  url.searchParams.set(ATTEMPT_PARAM, nonce);
  return url.href;
}

/**
 * The flag on `url` if it carries this tab's pending nonce (which is then used up), otherwise null.
 * `trusted: false` with a result means a flag was present but not ours.
 */
export function takeReturnFlag(url: URL): { result: CallbackResult; trusted: boolean } | null {
  const result = readReturnFlag(url);
  if (!result) return null;
  let trusted = false;
  try {
    const expected = sessionStorage.getItem(STORAGE_KEY);
    trusted = expected !== null && url.searchParams.get(ATTEMPT_PARAM) === expected;
    if (trusted) sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // No storage: nothing is trusted.
  }
  return { result, trusted };
}
