/**
 * What a patient reads on the connect service's own pages (the callback and the plain-link begin)
 * for each stable error code of the contract (healthex-connect-contract). A ConnectError's message is written for developers (it reaches
 * logs and API clients) and never appears on a page; a new code without patient words fails the type
 * check. The widget has its own tables, one per language it speaks (widget/locales/*-errors.ts).
 */
import type { AppErrorCode } from 'healthex-connect-contract';

export const PATIENT_PAGE_WORDS: Record<AppErrorCode, { title: string; message: string }> = {
  UNAUTHENTICATED: { title: 'Please sign in again', message: 'Your session has expired. Go back, sign in again and start again.' },
  SIGNED_OUT: { title: 'You’re signed out', message: 'You’re signed out. Go back, sign in again and start again.' },
  ORIGIN_NOT_ALLOWED: { title: 'This page cannot connect HealthEx', message: 'This page is not set up to connect records. Nothing has been shared.' },
  INVALID_INPUT: { title: 'This link is not valid', message: 'The link to connect HealthEx is incomplete. Go back and try again.' },
  INVALID_RETURN_URL: { title: 'This page cannot connect HealthEx', message: 'This page is not set up to connect records. Nothing has been shared.' },
  NOT_AUTHORIZED_YET: { title: 'HealthEx is not authorized yet', message: 'Authorize HealthEx access first, then try again.' },
  AUTHORIZATION_FAILED: { title: 'HealthEx connection failed', message: 'The authorization could not be completed or has expired. Nothing was connected; please start again.' },
  HEALTHEX_UNAVAILABLE: { title: 'HealthEx is not responding', message: 'HealthEx could not be reached. Nothing was connected; please try again in a few minutes.' },
  SERVICE_UNAVAILABLE: { title: 'The connection service is unavailable', message: 'The connection service is temporarily unavailable. Nothing was changed; please try again shortly.' },
  RATE_LIMITED: { title: 'Too many attempts', message: 'Too many attempts in a short time. Please wait a minute and try again.' },
  INTERNAL: { title: 'Something went wrong', message: 'Something went wrong in the connection service. Go back and start again.' },
  NOT_CONNECTED: { title: 'Records not connected', message: 'Your records are not connected, so nothing was read.' },
  REAUTH_REQUIRED: { title: 'Please reconnect your records', message: 'HealthEx no longer accepts this access. Go back and reconnect your records.' },
  FEATURE_NOT_ALLOWED: { title: 'Not available', message: 'This feature cannot use your records.' },
  ISSUER_NOT_ALLOWED: { title: 'Not available', message: 'This service cannot use your records.' },
};
