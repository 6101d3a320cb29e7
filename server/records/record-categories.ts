/**
 * The nine record categories of the connect page (its copy: widget/locales/en.ts) and which of
 * HealthEx's list tools counts each (docs/healthex-api.md). Imaging Reports and Hospital
 * Records have no documented tool: they are "included", never counted.
 */
import { RECORD_CATEGORIES, type CountedCategoryId, type RecordCategoryId } from './records-contract.js';

export { RECORD_CATEGORIES, type RecordCategoryId };

/** The tools to try for a category, in order of preference: the first one tools/list offers is used. */
export const CATEGORY_TOOLS: Readonly<Record<CountedCategoryId, readonly string[]>> = {
  labs: ['get_labs'],
  medications: ['get_medications'],
  visit_notes: ['search_clinical_notes', 'get_visits'],
  diagnoses: ['get_conditions'],
  immunizations: ['get_immunizations'],
  procedures: ['get_procedures'],
  allergies: ['get_allergies'],
};

export const COUNTED_CATEGORIES = Object.keys(CATEGORY_TOOLS) as CountedCategoryId[];

/** HealthEx's documented default window for its clinical tools. */
export const DEFAULT_WINDOW_YEARS = 3;

export function isCounted(category: RecordCategoryId): category is CountedCategoryId {
  return category in CATEGORY_TOOLS;
}
