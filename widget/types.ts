/**
 * The data the widget exchanges with the connect service and with its host page.
 *
 * These mirror the server's contract (`server/connections/connection-status.ts`,
 * `server/trpc/error-codes.ts`, `server/records/records-router.ts`, `server/activity/activity-router.ts`) so that the widget's published type declarations do not depend on
 * server sources; `contract.check.ts` fails the type check if the two ever drift apart.
 */

/** The states of DESIGN.md section 2. */
export type ConnectionState = 'not_connected' | 'authorized' | 'connected' | 'reauth_required';

/** The connection as the connect service reports it (never a token). */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Scopes HealthEx granted; empty when no tokens are stored. */
  scope: string[];
  /** When the current authorization was stored (ISO 8601), null when not_connected. */
  authorizedAt: string | null;
  /** When the user turned personalisation on (ISO 8601), null unless connected. */
  connectedAt: string | null;
}

/** The nine record categories, in the seed page's order (Lab Results … Allergies). */
export type RecordCategory = 'labs' | 'medications' | 'visit_notes' | 'diagnoses' | 'imaging' | 'hospital' | 'immunizations' | 'procedures' | 'allergies';

/** `records.summary`: how many records HealthEx holds per category (only for a `connected` user). */
export interface RecordsSummary {
  /** All nine categories, in the seed page's order; a count of 0 means "nothing in this category". */
  categories: { category: RecordCategory; count: number }[];
  /** When HealthEx was asked (ISO 8601). */
  fetchedAt: string;
}

/** One event of the patient-visible access log. */
export interface ActivityEvent {
  /** ISO 8601. */
  at: string;
  action: 'authorized' | 'confirmed' | 'used' | 'refreshed' | 'disconnected' | 'revoked';
  outcome: 'success' | 'failure' | 'denied';
  /** For `used`: the Salus feature, e.g. `health-decisions`. */
  feature?: string;
}

/** `activity.log`: the user's latest connection events, newest first. */
export interface ActivityLog {
  events: ActivityEvent[];
}

/** Stable codes the connect service returns in `error.data.appCode`. */
export const APP_ERROR_CODES = [
  'UNAUTHENTICATED',
  'ORIGIN_NOT_ALLOWED',
  'INVALID_INPUT',
  'INVALID_RETURN_URL',
  'NOT_AUTHORIZED_YET',
  'AUTHORIZATION_FAILED',
  'HEALTHEX_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL',
  'NOT_CONNECTED',
  'REAUTH_REQUIRED',
  'FEATURE_NOT_ALLOWED',
  'ISSUER_NOT_ALLOWED',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/**
 * The code of a `healthex-error` event: a service code, or one the widget detects itself —
 * `NETWORK` (the service could not be reached) and `POPUP_BLOCKED` (the browser refused the popup;
 * the widget falls back to a full-page redirect).
 */
export type HealthexErrorCode = AppErrorCode | 'NETWORK' | 'POPUP_BLOCKED';

/** How step 3 opens HealthEx. */
export type DisplayMode = 'popup' | 'redirect';

/** Returns a connect token (a short-lived JWT minted by the host's back end). */
export type TokenProvider = () => string | Promise<string>;

/** What the connect service's callback reports back to the page: by postMessage or URL flag. */
export type AuthorizationResult = 'authorized' | 'denied' | 'error';

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value);
}
