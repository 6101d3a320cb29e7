/**
 * The nine record categories of the connect page (shared/seed/connect-page.txt), with stable ids
 * that are part of the widget's contract, and how each maps to HealthEx's health summary.
 */
import { z } from 'zod';
import { RecordsUnavailableError } from './mcp-records-client.js';

/** In the seed page's order: Lab Results, Medications, Visit Notes, Diagnoses, Imaging Reports, Hospital Records, Immunizations, Procedures, Allergies. */
export const RECORD_CATEGORIES = ['labs', 'medications', 'visit_notes', 'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'] as const;
export type RecordCategoryId = (typeof RECORD_CATEGORIES)[number];

export interface RecordCategoryCount {
  category: RecordCategoryId;
  /** How many records HealthEx holds in this category for the user's shared providers; 0 is a real answer. */
  count: number;
}

/** The key of each category's count in HealthEx's `get_health_summary` result. */
const HEALTHEX_SUMMARY_KEYS: Readonly<Record<RecordCategoryId, string>> = {
  labs: 'lab_results',
  medications: 'medications',
  visit_notes: 'visit_notes',
  diagnoses: 'diagnoses',
  imaging: 'imaging_reports',
  hospital: 'hospital_records',
  immunizations: 'immunizations',
  procedures: 'procedures',
  allergies: 'allergies',
};

export const HEALTH_SUMMARY_TOOL = 'get_health_summary';

const count = z.number().int().min(0).max(1_000_000);
const healthSummary = z.object({
  counts: z.object(Object.fromEntries(Object.values(HEALTHEX_SUMMARY_KEYS).map((key) => [key, count])) as Record<string, typeof count>),
});

/** Reads the nine counts out of a `get_health_summary` result; anything else is an unusable answer. */
export function categoryCountsFrom(summary: unknown): RecordCategoryCount[] {
  const parsed = healthSummary.safeParse(summary);
  if (!parsed.success) throw new RecordsUnavailableError('HealthEx returned a health summary without the expected counts');
  const counts = parsed.data.counts;
  return RECORD_CATEGORIES.map((category) => ({ category, count: counts[HEALTHEX_SUMMARY_KEYS[category]]! }));
}
