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
  /**
   * `count` records dated inside the window (undated ones too); `more`: HealthEx has more than were
   * read ("count or more"); `windowYears`: null for the whole history HealthEx shares, otherwise the
   * narrower window the tile must name; `active`: how many HealthEx's summary lists as active.
   */
  | { category: CountedCategory; kind: 'counted'; count: number; more: boolean; windowYears: number | null; active?: number }
  /** The count could not be read this time. */
  | { category: CountedCategory; kind: 'unavailable' }
  /** Included in what HealthEx shares, without a number (no tool counts it, or its answer's format is not recognised). */
  | { category: RecordCategory; kind: 'included' };

/** `records.summary` (only for a `connected` user). */
export interface RecordsSummary {
  /** All nine categories, in the seed page's order. */
  categories: RecordCategorySummary[];
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

/** One line of the patient-visible access log. */
export interface ActivityEvent {
  /** ISO 8601; for `page_reads`, the latest read of that day. */
  at: string;
  action: 'authorized' | 'confirmed' | 'used' | 'refreshed' | 'disconnected' | 'revoked' | 'update_requested' | 'page_reads';
  /** For `update_requested`, `denied` means HealthEx refused it (its rate limit). */
  outcome: 'success' | 'failure' | 'denied';
  /** For `used`: the Salus feature, e.g. `health-decisions`; for `page_reads`: which read of the connect page. */
  feature?: string;
  /** For `page_reads`: how many times that day. */
  times?: number;
}

/** `activity.log`: one screen of the user's connection events, newest first; `earlier`: where the next-older screen starts. */
export interface ActivityLog {
  events: ActivityEvent[];
  earlier: string | null;
}

/**
 * The code of a `healthex-error` event: a service code, or one the widget detects itself —
 * `NETWORK` (the service could not be reached) and `POPUP_BLOCKED` (the browser refused the popup;
 * the widget falls back to a full-page redirect).
 */
export type HealthexErrorCode = AppErrorCode | 'NETWORK' | 'POPUP_BLOCKED' | ConfigurationErrorCode;

/**
 * The host page set the widget up wrongly (the patient sees "This page isn't set up to connect
 * records yet", the console names the fix): `CONFIGURATION_NO_TOKEN` (neither `token` nor
 * `tokenProvider` a second after connecting), `CONFIGURATION_API_BASE` (`api-base` missing or not an
 * http(s) URL), `CONFIGURATION_TOKEN_PROVIDER` (`tokenProvider` threw or returned no token).
 */
export const CONFIGURATION_ERROR_CODES = ['CONFIGURATION_NO_TOKEN', 'CONFIGURATION_API_BASE', 'CONFIGURATION_TOKEN_PROVIDER'] as const;
export type ConfigurationErrorCode = (typeof CONFIGURATION_ERROR_CODES)[number];

/** Returns a connect token (a short-lived JWT minted by the host's back end). */
export type TokenProvider = () => string | Promise<string>;

/** `connection.attempt`: how this tab's authorization ended, as the service recorded it (null: unknown). */
export interface AttemptOutcome {
  result: AuthorizationResult | null;
  code?: AppErrorCode;
}
