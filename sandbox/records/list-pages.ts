/**
 * HealthEx's documented list behaviour: by default 3 years of history, newest first; an answer
 * may say more is available, and the next page is asked for with `beforeDate` (an ISO date, older
 * than). The text format of the answer is unknown, so it is one of the sandbox's variants.
 */
import type { SandboxVariants } from '../variants.js';
import type { FhirResource } from './fhir-builders.js';

export const DEFAULT_YEARS = 3;

export interface PageRequest {
  years?: number | undefined;
  beforeDate?: string | undefined;
}

export interface Page {
  records: FhirResource[];
  /** Set when older records exist in the window: the `beforeDate` that asks for them. */
  nextBeforeDate: string | null;
}

/** The clinical date of a resource (YYYY-MM-DD), or null for undated ones such as an allergy. */
export function dateOf(resource: FhirResource): string | null {
  const r = resource as Record<string, unknown>;
  const period = r['period'] as { start?: string } | undefined;
  const value = [r['effectiveDateTime'], r['onsetDateTime'], r['authoredOn'], r['performedDateTime'], r['occurrenceDateTime'], period?.start, r['date']].find(
    (candidate): candidate is string => typeof candidate === 'string',
  );
  return value ? value.slice(0, 10) : null;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function windowStart(today: string, years: number): string {
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - years);
  return isoDay(start);
}

/**
 * One page, newest first. Undated records (current allergies) come with the first page only. A
 * page never splits one day's records, so `beforeDate` (exclusive) neither skips nor repeats one.
 */
export function pageOf(records: readonly FhirResource[], request: PageRequest, today: string, pageSize: number): Page {
  const from = windowStart(today, request.years ?? DEFAULT_YEARS);
  const dated = records
    .map((resource) => ({ resource, date: dateOf(resource) }))
    .filter((entry): entry is { resource: FhirResource; date: string } => entry.date !== null)
    .filter(({ date }) => date >= from && (request.beforeDate === undefined || date < request.beforeDate))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const undated = request.beforeDate === undefined ? records.filter((resource) => dateOf(resource) === null) : [];

  let end = Math.min(pageSize, dated.length);
  while (end > 0 && end < dated.length && dated[end]!.date === dated[end - 1]!.date) end += 1;
  const page = dated.slice(0, end);
  const more = end < dated.length;
  return { records: [...page.map(({ resource }) => resource), ...undated], nextBeforeDate: more ? page[page.length - 1]!.date : null };
}

const MORE_NOTICE = (beforeDate: string) => `More data is available. Call again with beforeDate=${beforeDate} for older records.`;

/** One line per record for the text-lines variant: "- 2025-02-11 Hemoglobin A1c …". */
function lineOf(resource: FhirResource): string {
  const r = resource as Record<string, { text?: string } | string | undefined>;
  const concept = [r['code'], r['medicationCodeableConcept'], r['vaccineCode'], r['type']].find((value) => typeof value === 'object' && value?.text) as { text: string } | undefined;
  const label = concept?.text ?? (typeof r['description'] === 'string' ? r['description'] : resource.resourceType);
  return `- ${dateOf(resource) ?? 'undated'} ${label}`;
}

/** The tool result's text blocks in the configured format. `[]` is the documented "no results". */
export function pageAsText(page: Page, format: SandboxVariants['listFormat']): string[] {
  switch (format) {
    case 'json-array':
      return page.nextBeforeDate ? [JSON.stringify(page.records), MORE_NOTICE(page.nextBeforeDate)] : [JSON.stringify(page.records)];
    case 'json-object':
      return [JSON.stringify({ records: page.records, hasMore: page.nextBeforeDate !== null, ...(page.nextBeforeDate ? { nextBeforeDate: page.nextBeforeDate } : {}) })];
    case 'text-lines': {
      if (page.records.length === 0) return ['No records found.'];
      const lines = page.records.map(lineOf);
      if (page.nextBeforeDate) lines.push('', MORE_NOTICE(page.nextBeforeDate));
      return [lines.join('\n')];
    }
  }
}
