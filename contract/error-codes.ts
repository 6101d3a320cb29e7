/**
 * Stable error codes the connect service returns in `error.data.appCode`. The widget maps them to
 * plain-language messages and re-emits them in its `healthex-error` event, so they are a public
 * contract: add codes, never rename them.
 */
export const APP_ERROR_CODES = [
  'UNAUTHENTICATED', // connect token missing, expired, wrong audience, unknown issuer or bad signature
  'ORIGIN_NOT_ALLOWED', // the calling page's origin is not allowed for the token's issuer
  'INVALID_INPUT', // the request did not match the procedure's input schema
  'INVALID_RETURN_URL', // returnUrl is not on the issuer's allowed origins
  'NOT_AUTHORIZED_YET', // confirm before HealthEx authorization
  'AUTHORIZATION_FAILED', // the HealthEx callback was invalid: unknown/expired/reused state, no code, iss mismatch, refused code
  'HEALTHEX_UNAVAILABLE', // HealthEx (or the sandbox) could not be reached or answered badly
  'SERVICE_UNAVAILABLE', // our database is unreachable
  'RATE_LIMITED',
  'INTERNAL', // anything unexpected; details are only in the server log
  'NOT_CONNECTED', // records or a HealthEx token were asked for, but the user is not connected (personalisation off)
  'REAUTH_REQUIRED', // HealthEx refused the stored authorization; the user must authorize again (step 3)
  'FEATURE_NOT_ALLOWED', // a back-end service credential named a Salus feature it is not configured for
  'ISSUER_NOT_ALLOWED', // a back-end service credential asked about a user of a host site (issuer) it may not act for
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value);
}
