/**
 * The data the widget exchanges with the connect service and with its host page.
 *
 * The connection states, error codes, display modes and callback results come from the shared
 * contract (healthex-connect-contract, bundled into the widget's builds); the record and activity
 * shapes mirror the service's routers, and `contract.check.ts` fails the type check if they drift.
 */
import { APP_ERROR_CODES, isAppErrorCode, type AppErrorCode, type AuthorizationResult, type ConnectionState, type ConnectionStatus, type DisplayMode } from 'healthex-connect-contract';

export { APP_ERROR_CODES, isAppErrorCode };
export type { AppErrorCode, AuthorizationResult, ConnectionState, ConnectionStatus, DisplayMode };

/** The nine record categories, in the seed page's order (Lab Results … Allergies). */
export type RecordCategory = 'labs' | 'medications' | 'visit_notes' | 'diagnoses' | 'imaging' | 'hospital' | 'immunizations' | 'procedures' | 'allergies';

/** Categories HealthEx has a list tool for (they can be counted); Imaging Reports and Hospital Records have none. */
export type CountedCategory = Exclude<RecordCategory, 'imaging' | 'hospital'>;

/** One tile of `records.summary`. */
export type RecordCategorySummary =
  /** `count` records in the window; `more`: the service stopped paging at its bound ("count or more"). */
  | { category: CountedCategory; kind: 'counted'; count: number; more: boolean }
  /** The count could not be read this time. */
  | { category: CountedCategory; kind: 'unavailable' }
  /** Included in what HealthEx shares, without a number. */
  | { category: Exclude<RecordCategory, CountedCategory>; kind: 'included' };

/** `records.summary` (only for a `connected` user). */
export interface RecordsSummary {
  /** All nine categories, in the seed page's order. */
  categories: RecordCategorySummary[];
  /** The counts cover this many years back from `fetchedAt` (HealthEx's default window: 3). */
  windowYears: number;
  /** When HealthEx was asked (ISO 8601). */
  fetchedAt: string;
}

/** `records.sharing`: what the patient shared, as far as the service can know (null: unknown). */
export interface RecordsSharing {
  organisations: string[] | null;
  lastUpdatedAt: string | null;
  updating: boolean | null;
  fetchedAt: string;
}

/** `records.update` ("Get latest records"). */
export type RecordsUpdate = { outcome: 'started' } | { outcome: 'rate_limited'; retryAfterSeconds: number | null };

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

/**
 * The code of a `healthex-error` event: a service code, or one the widget detects itself —
 * `NETWORK` (the service could not be reached) and `POPUP_BLOCKED` (the browser refused the popup;
 * the widget falls back to a full-page redirect).
 */
export type HealthexErrorCode = AppErrorCode | 'NETWORK' | 'POPUP_BLOCKED';

/** Returns a connect token (a short-lived JWT minted by the host's back end). */
export type TokenProvider = () => string | Promise<string>;

/** `connection.attempt`: how this tab's authorization ended, as the service recorded it (null: unknown). */
export interface AttemptOutcome {
  result: AuthorizationResult | null;
  code?: AppErrorCode;
}
