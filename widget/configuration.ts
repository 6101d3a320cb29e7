/**
 * A host page that set the widget up wrongly hears about it loudly: one console warning naming the
 * fix, a `healthex-error` with a stable `CONFIGURATION_*` code, and a patient-safe banner ("This page
 * isn't set up to connect records yet") instead of "Checking your connection…" forever.
 */
import type { ConfigurationErrorCode } from './types.js';

/** How long a page may take to hand over a token after the element connects (frameworks set it late). */
export const TOKEN_GRACE_MS = 1000;

/** The fix, for the console and the event's `detail`. */
export const CONFIGURATION_FIX: Record<ConfigurationErrorCode, string> = {
  CONFIGURATION_NO_TOKEN:
    '<healthex-connect>: no connect token. Set the `token` attribute to a connect token minted by your back end, or the `tokenProvider` property to a function returning one.',
  CONFIGURATION_API_BASE: '<healthex-connect>: `api-base` must be the connect service\'s http(s) URL, e.g. api-base="https://connect.example.com".',
  CONFIGURATION_TOKEN_PROVIDER:
    '<healthex-connect>: `tokenProvider` threw or returned no token. It must return (or resolve to) the connect token string from your back end.',
};

/** `api-base` as a usable http(s) URL, or null. */
export function validApiBase(value: string | undefined): string | null {
  const base = value?.trim();
  if (!base) return null;
  try {
    const url = new URL(base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? base : null;
  } catch {
    return null;
  }
}

export function isConfigurationCode(code: string | undefined): code is ConfigurationErrorCode {
  return code?.startsWith('CONFIGURATION_') === true;
}

/** The console warning for `code`, at most once per element and code unless `again` (open() repeats it). */
export function warnConfiguration(seen: Set<string>, code: ConfigurationErrorCode, again = false): void {
  if (seen.has(code) && !again) return;
  seen.add(code);
  console.warn(CONFIGURATION_FIX[code]);
}
