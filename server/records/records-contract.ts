/**
 * The widget's records API (tRPC `records.*`), as types: what the category tiles, the "what you
 * shared" summary and "Get latest records" read. Only facts HealthEx documents may fill these
 * (docs/healthex-api.md): a value the service cannot know is `null` or `unavailable`, never
 * invented.
 *
 *   records.summary  query    → RecordsSummaryOutput
 *   records.sharing  query    → RecordsSharingOutput
 *   records.update   mutation → RecordsUpdateOutput
 *
 * All three are authed and answer NOT_CONNECTED (409) unless the user is `connected`,
 * REAUTH_REQUIRED (409) when HealthEx refused the authorization, HEALTHEX_UNAVAILABLE (502).
 */
import type { UserKey } from '../identity/user-key.js';

/** In the seed page's order: Lab Results, Medications, Visit Notes, Diagnoses, Imaging Reports, Hospital Records, Immunizations, Procedures, Allergies. */
export const RECORD_CATEGORIES = ['labs', 'medications', 'visit_notes', 'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'] as const;
export type RecordCategoryId = (typeof RECORD_CATEGORIES)[number];

/** Categories HealthEx has a documented (or catalogued) list tool for: these can be counted. */
export type CountedCategoryId = Exclude<RecordCategoryId, 'imaging' | 'hospital'>;
/** Imaging Reports and Hospital Records: no documented tool, so no number can honestly be shown. */
export type UncountedCategoryId = Extract<RecordCategoryId, 'imaging' | 'hospital'>;

export type RecordCategorySummary =
  /** `count` records in the window; `more`: paging stopped at the service's bound, so "count or more". */
  | { category: CountedCategoryId; kind: 'counted'; count: number; more: boolean }
  /** The tool failed, or this HealthEx does not offer it: no number this time. */
  | { category: CountedCategoryId; kind: 'unavailable' }
  /** Included in what HealthEx shares, but no tool counts it. */
  | { category: UncountedCategoryId; kind: 'included' };

export interface RecordsSummaryOutput {
  /** All nine categories, in the seed page's order. */
  categories: RecordCategorySummary[];
  /** The window the counts cover, in years back from `fetchedAt` (HealthEx's default: 3). */
  windowYears: number;
  /** When HealthEx was asked (ISO 8601); cached per user, so possibly a little old. */
  fetchedAt: string;
}

export interface RecordsSharingOutput {
  /** The healthcare organisations the patient shared from, as far as the service can know; null: unknown. */
  organisations: string[] | null;
  /** When HealthEx last updated the records from the providers (ISO 8601); null: unknown. */
  lastUpdatedAt: string | null;
  /** True while HealthEx is refreshing the records in the background; null: unknown. */
  updating: boolean | null;
  /** When HealthEx was asked (ISO 8601). */
  fetchedAt: string;
}

export type RecordsUpdateOutput =
  /** HealthEx accepted the request and refreshes in the background. */
  | { outcome: 'started' }
  /** HealthEx's per-patient rate limit: try again later (`retryAfterSeconds` when HealthEx says). */
  | { outcome: 'rate_limited'; retryAfterSeconds: number | null };

/** What the records router needs from the service layer. */
export interface RecordsService {
  summary(user: UserKey, requestId?: string): Promise<RecordsSummaryOutput>;
  sharing(user: UserKey, requestId?: string): Promise<RecordsSharingOutput>;
  update(user: UserKey, requestId?: string): Promise<RecordsUpdateOutput>;
}
