import type { ErrorWords } from '../error-words.js';

/**
 * What the patient reads for every error code, in English (../error-words.ts says which codes and how
 * they are used). The words never carry developer detail: that goes to the console and the
 * `healthex-error` event. `{host}` is the host's name, or "this site" when the host gave none.
 */
const CANNOT_CONNECT = 'This page cannot connect records. Nothing has been shared.';
const NOT_SET_UP = 'Nothing about your records has changed. Please try again later.';

export const enErrors: ErrorWords = {
  UNAUTHENTICATED: 'Your session has expired. Please reload the page and sign in again.',
  SIGNED_OUT: 'You’re signed out — sign in again to continue.',
  ORIGIN_NOT_ALLOWED: CANNOT_CONNECT,
  INVALID_INPUT: 'The request could not be processed. Please try again.',
  INVALID_RETURN_URL: CANNOT_CONNECT,
  NOT_AUTHORIZED_YET: 'HealthEx access has not been authorized yet. Please complete step 3 first.',
  AUTHORIZATION_FAILED: 'The authorization could not be completed or has expired. Please start step 3 again.',
  HEALTHEX_UNAVAILABLE: 'HealthEx is not responding right now. Please try again in a few minutes.',
  SERVICE_UNAVAILABLE: '{host}’s connection service is temporarily unavailable. Please try again shortly.',
  RATE_LIMITED: 'Too many attempts in a short time. Please wait a minute and try again.',
  INTERNAL: 'Something went wrong in {host}’s connection service. Please try again.',
  NOT_CONNECTED: 'Your records are not connected, so nothing was read.',
  REAUTH_REQUIRED: 'HealthEx no longer accepts this access. Please reconnect your records.',
  FEATURE_NOT_ALLOWED: 'This feature cannot use your records.',
  ISSUER_NOT_ALLOWED: 'This service cannot use your records.',
  NETWORK: 'We couldn’t reach {host}’s connection service. Please try again in a few minutes.',
  POPUP_BLOCKED: 'Your browser blocked the HealthEx window, so we are taking you to HealthEx in this tab instead.',
  CONFIGURATION_NO_TOKEN: NOT_SET_UP,
  CONFIGURATION_API_BASE: NOT_SET_UP,
  CONFIGURATION_TOKEN_PROVIDER: NOT_SET_UP,
};
