/**
 * Reads one page of a HealthEx list tool (get_labs, get_conditions, …). HealthEx documents text
 * content, `[]` for no results, and that "a response may say more data is available" with the
 * next page asked for by `beforeDate` — but not the text format inside. So every reasonable shape
 * is accepted, and the one seen is reported (for the logs and the readiness check):
 * - a JSON array of records, with any "more" notice in another text block;
 * - a JSON object holding the records in an array field (records, items, results, data, entries,
 *   resources, or its only array), with a "more" flag or next date in a field;
 * - plain text with one record per line ("- …", "* …", "• …", "1. …" or a line starting with a
 *   date), or a sentence saying there are none;
 * - `structuredContent` in the same object shapes, if a server sends it.
 * Anything else is unreadable: the tile says "unavailable" rather than show a guessed number.
 */

export type ListShape = 'json-array' | 'json-object' | 'text-lines' | 'structured';

export interface ListPage {
  count: number;
  /** The answer says (or implies) older records exist. */
  more: boolean;
  /** The `beforeDate` to ask for them with, when it can be known. */
  nextBeforeDate: string | null;
  shape: ListShape;
}

export class UnreadableListError extends Error {
  override readonly name = 'UnreadableListError';
}

const RECORD_ARRAY_FIELDS = ['records', 'items', 'results', 'data', 'entries', 'resources', 'entry'];
const MORE_FLAGS = ['hasMore', 'has_more', 'more', 'moreAvailable', 'more_available', 'moreDataAvailable', 'more_data_available', 'truncated'];
const NEXT_DATE_FIELDS = ['nextBeforeDate', 'next_before_date', 'beforeDate', 'before_date', 'nextPageBeforeDate'];
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b/;
const MORE_NOTICE = /\bmore\b[^.\n]*\b(available|records|results|data|exist)\b|\bbeforeDate\b|\bnext page\b/i;
const LIST_LINE = /^\s*(?:[-*•]\s+|\d+[.)]\s+|\d{4}-\d{2}-\d{2}\b)/;
const NONE_TEXT = /^\s*(?:no\b.*\b(?:records?|results?|data|entries|items)\b.*|none\.?|nothing found\.?|not found\.?)\s*$/i;

/** The date of a record, looked for in the usual FHIR / plain-JSON date fields. */
function dateOfRecord(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Record<string, unknown>;
  const resource = (typeof r['resource'] === 'object' && r['resource'] !== null ? r['resource'] : r) as Record<string, unknown>;
  const period = resource['period'] as { start?: unknown } | undefined;
  for (const value of [resource['date'], resource['effectiveDateTime'], resource['onsetDateTime'], resource['authoredOn'], resource['performedDateTime'], resource['occurrenceDateTime'], resource['recordedDate'], resource['issued'], period?.start, resource['startDate'], resource['start']]) {
    if (typeof value === 'string') {
      const match = ISO_DATE.exec(value);
      if (match) return match[1]!;
    }
  }
  return null;
}

/** The oldest record date on a page: the fallback `beforeDate` when the answer says "more" without one. */
function oldestDate(records: unknown[]): string | null {
  let oldest: string | null = null;
  for (const record of records) {
    const date = dateOfRecord(record);
    if (date !== null && (oldest === null || date < oldest)) oldest = date;
  }
  return oldest;
}

function dateIn(value: unknown): string | null {
  return typeof value === 'string' ? (ISO_DATE.exec(value)?.[1] ?? null) : null;
}

function fromObject(object: Record<string, unknown>, shape: ListShape, notices: string[]): ListPage | null {
  let records: unknown[] | undefined;
  for (const field of RECORD_ARRAY_FIELDS) if (Array.isArray(object[field])) records = object[field] as unknown[];
  if (!records) {
    const arrays = Object.values(object).filter(Array.isArray);
    if (arrays.length === 1) records = arrays[0] as unknown[];
  }
  if (!records) return null;
  const pagination = (typeof object['pagination'] === 'object' && object['pagination'] !== null ? object['pagination'] : {}) as Record<string, unknown>;
  const sources = [object, pagination];
  const flagged = sources.some((source) => MORE_FLAGS.some((flag) => source[flag] === true));
  const stated = sources.flatMap((source) => NEXT_DATE_FIELDS.map((field) => dateIn(source[field]))).find((date) => date !== null) ?? null;
  const noticed = notices.some((notice) => MORE_NOTICE.test(notice));
  const more = flagged || stated !== null || noticed;
  return { count: records.length, more, nextBeforeDate: more ? (stated ?? noticeDate(notices) ?? oldestDate(records)) : null, shape };
}

function noticeDate(notices: string[]): string | null {
  for (const notice of notices) {
    if (!MORE_NOTICE.test(notice)) continue;
    const before = /beforeDate\W{0,3}(\d{4}-\d{2}-\d{2})/i.exec(notice)?.[1] ?? ISO_DATE.exec(notice)?.[1];
    if (before) return before;
  }
  return null;
}

function tryJson(text: string): unknown {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('[') || trimmed.startsWith('{'))) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

export function readListPage(answer: { texts: readonly string[]; structured: Record<string, unknown> | null }): ListPage {
  const parsed = answer.texts.map((text) => ({ text, json: tryJson(text) }));
  const jsonBlock = parsed.find((block) => block.json !== undefined);
  const notices = parsed.filter((block) => block !== jsonBlock).map((block) => block.text);

  if (jsonBlock) {
    if (Array.isArray(jsonBlock.json)) {
      const records = jsonBlock.json;
      const more = notices.some((notice) => MORE_NOTICE.test(notice));
      return { count: records.length, more, nextBeforeDate: more ? (noticeDate(notices) ?? oldestDate(records)) : null, shape: 'json-array' };
    }
    if (typeof jsonBlock.json === 'object' && jsonBlock.json !== null) {
      const page = fromObject(jsonBlock.json as Record<string, unknown>, 'json-object', notices);
      if (page) return page;
    }
  }
  if (answer.structured) {
    const page = fromObject(answer.structured, 'structured', answer.texts.slice());
    if (page) return page;
  }
  if (!jsonBlock && parsed.length > 0) {
    const lines = parsed.flatMap((block) => block.text.split(/\r?\n/));
    const listLines = lines.filter((line) => LIST_LINE.test(line) && !MORE_NOTICE.test(line));
    const noticeLines = lines.filter((line) => MORE_NOTICE.test(line));
    const more = noticeLines.length > 0;
    if (listLines.length > 0) {
      const dates = listLines.map((line) => ISO_DATE.exec(line)?.[1]).filter((date): date is string => date !== undefined).sort();
      return { count: listLines.length, more, nextBeforeDate: more ? (noticeDate(noticeLines) ?? dates[0] ?? null) : null, shape: 'text-lines' };
    }
    if (lines.filter((line) => line.trim() !== '').every((line) => NONE_TEXT.test(line))) return { count: 0, more: false, nextBeforeDate: null, shape: 'text-lines' };
  }
  throw new UnreadableListError('HealthEx returned a list in a format this service cannot read');
}
