/**
 * The patient's words for every error code the widget can meet (types.ts's `APP_ERROR_CODES`, the
 * widget's own `NETWORK` and `POPUP_BLOCKED`, and the `CONFIGURATION_*` codes): each language has
 * one table (locales/en-errors.ts, locales/es-errors.ts, part of its copy), typed `ErrorWords`, so a
 * new code without patient words in every language fails the type check (and error-words.test.ts).
 * Each language's table ships with that language: Spanish ones only reach a page that asks for Spanish.
 */
import type { HealthexErrorCode } from './types.js';

export type ErrorWords = Record<HealthexErrorCode, string>;

/** The patient's words for `code` from a language's table, naming `host`; unknown codes read as INTERNAL. */
export function patientErrorText(code: string, words: ErrorWords, host: string): string {
  return (words[code as HealthexErrorCode] ?? words.INTERNAL).replace(/\{host\}/g, host);
}

/** Codes whose fix is the host's, not the patient's: the banner offers the host's support link. */
export function needsHostSupport(code: string): boolean {
  return code === 'ORIGIN_NOT_ALLOWED' || code === 'INVALID_RETURN_URL' || code.startsWith('CONFIGURATION_');
}
