/**
 * Reads one page of a HealthEx list tool (get_labs, get_conditions, …). HealthEx documents text
 * content, `[]` for no results, and that "a response may say more data is available" with the
 * next page asked for by `beforeDate` — but not the text format inside. A number is only ever
 * taken from a format this service recognises exactly; each has its own parser and test:
 * - `json-array`: one text block holding a JSON array of FHIR resources (`[]` is the documented
 *   "none"), optionally followed by the block "More data is available. Call again with
 *   beforeDate=YYYY-MM-DD for older records.";
 * - `json-object`: one block `{"records":[…resources],"hasMore":bool,"nextBeforeDate"?:date}` and
 *   nothing else;
 * - `fhir-bundle`: one block holding a FHIR R4 Bundle: its `total` when present, otherwise its
 *   entries, and a `next` link means "N or more";
 * - `text-lines`: one block of "- YYYY-MM-DD label" / "- undated label" lines, optionally a blank
 *   line and the "More data is available…" sentence; or exactly "No records found.".
 * Anything else — prose, nested bullets, one resource per block, an extra block this service
 * cannot place — is `UnrecognisedListError`: the tile says "included", never a guessed number.
 */
import { z } from 'zod';
import type { ToolAnswer } from './mcp-records-client.js';

export const LIST_FORMATS = ['json-array', 'json-object', 'fhir-bundle', 'text-lines'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export interface ListPage {
  format: ListFormat;
  /** Each record's own clinical date (YYYY-MM-DD), null for an undated one (an allergy, a problem without onset). */
  dates: Array<string | null>;
  /** The answer's own count of every record the request matches (a Bundle's `total`), when it states one. */
  total: number | null;
  /** Older records exist; `beforeDate` asks for them, null when the answer gives no date to page with. */
  more: { beforeDate: string | null } | null;
}

/** The answer is in no recognised format. `shape` describes its structure only, never its content. */
export class UnrecognisedListError extends Error {
  override readonly name = 'UnrecognisedListError';
  constructor(readonly shape: string) {
    super(`HealthEx returned a list in a format this service does not recognise (${shape})`);
  }
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A FHIR date, dateTime or instant: YYYY, YYYY-MM, YYYY-MM-DD, optionally with a time. */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const MORE_SENTENCE = /^More data is available\. Call again with beforeDate=(\d{4}-\d{2}-\d{2}) for older records\.$/;
const DATED_LINE = /^- (\d{4}-\d{2}-\d{2}|undated) \S.*$/;
const NO_RECORDS = 'No records found.';

const isoDay = z.string().regex(ISO_DAY);
const resource = z.object({ resourceType: z.string().min(1) }).passthrough();
const recordsObject = z.object({ records: z.array(resource), hasMore: z.boolean(), nextBeforeDate: isoDay.optional() }).strict();
const bundle = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.enum(['searchset', 'collection']),
    total: z.number().int().min(0).optional(),
    link: z.array(z.object({ relation: z.string(), url: z.string() }).passthrough()).optional(),
    entry: z.array(z.object({ resource }).passthrough()).optional(),
  })
  .passthrough();

/** The clinical-date fields of the FHIR resources the list tools return, in order of preference. */
const DATE_PATHS: ReadonlyArray<readonly [string, string?]> = [
  ['effectiveDateTime'], ['effectivePeriod', 'start'], ['onsetDateTime'], ['onsetPeriod', 'start'], ['authoredOn'],
  ['performedDateTime'], ['performedPeriod', 'start'], ['occurrenceDateTime'], ['period', 'start'], ['date'],
];

/** A FHIR date as YYYY-MM-DD (a partial date as its first day); undefined when it is not a date at all. */
function fhirDay(value: string): string | undefined {
  const match = FHIR_DATE.exec(value);
  return match ? `${match[1]}-${match[2] ?? '01'}-${match[3] ?? '01'}` : undefined;
}

/** A resource's clinical date, null when it has none; a date field that holds no date makes the answer unrecognised. */
function dateOfResource(record: Record<string, unknown>): string | null {
  for (const [field, inner] of DATE_PATHS) {
    let value = record[field];
    if (inner !== undefined) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[inner] : undefined;
    if (value === undefined) continue;
    const day = typeof value === 'string' ? fhirDay(value) : undefined;
    if (day === undefined) throw new UnrecognisedListError(`${String(record['resourceType'])} with a ${field} that is not a FHIR date`);
    return day;
  }
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The structure of an answer, for the log line: block kinds, key counts and line counts, no content. */
export function describeShape(answer: ToolAnswer): string {
  const blocks = answer.texts.map((text) => {
    const json = parseJson(text.trim());
    if (Array.isArray(json)) return `json-array(${json.length})`;
    if (typeof json === 'object' && json !== null) return `json-object(${Object.keys(json).length} keys)`;
    return `text(${text.split(/\r?\n/).length} lines)`;
  });
  return `${answer.texts.length} text block(s)${blocks.length ? `: ${blocks.join(', ')}` : ''}${answer.structured ? ' + structuredContent' : ''}`;
}

function fromJsonArray(records: unknown[], notices: string[], answer: ToolAnswer): ListPage {
  const parsed = z.array(resource).safeParse(records);
  if (!parsed.success || notices.length > 1) throw new UnrecognisedListError(describeShape(answer));
  const notice = notices[0] === undefined ? null : MORE_SENTENCE.exec(notices[0].trim());
  if (notices.length === 1 && !notice) throw new UnrecognisedListError(describeShape(answer));
  return { format: 'json-array', dates: parsed.data.map(dateOfResource), total: null, more: notice ? { beforeDate: notice[1]! } : null };
}

function fromObject(json: Record<string, unknown>, answer: ToolAnswer): ListPage {
  const object = recordsObject.safeParse(json);
  if (object.success) {
    const { records, hasMore, nextBeforeDate } = object.data;
    return { format: 'json-object', dates: records.map(dateOfResource), total: null, more: hasMore ? { beforeDate: nextBeforeDate ?? null } : null };
  }
  const found = bundle.safeParse(json);
  if (found.success) {
    const entries = found.data.entry ?? [];
    const next = (found.data.link ?? []).some((link) => link.relation === 'next');
    return { format: 'fhir-bundle', dates: entries.map((entry) => dateOfResource(entry.resource)), total: found.data.total ?? null, more: next ? { beforeDate: null } : null };
  }
  throw new UnrecognisedListError(describeShape(answer));
}

function fromLines(text: string, answer: ToolAnswer): ListPage {
  if (text.trim() === NO_RECORDS) return { format: 'text-lines', dates: [], total: null, more: null };
  const lines = text.split(/\r?\n/);
  const dates: Array<string | null> = [];
  let more: ListPage['more'] = null;
  for (const line of lines) {
    const dated = DATED_LINE.exec(line);
    const notice = MORE_SENTENCE.exec(line);
    if (dated && more === null) dates.push(dated[1] === 'undated' ? null : dated[1]!);
    else if (notice && more === null) more = { beforeDate: notice[1]! };
    else if (line.trim() !== '') throw new UnrecognisedListError(describeShape(answer));
  }
  if (dates.length === 0) throw new UnrecognisedListError(describeShape(answer));
  return { format: 'text-lines', dates, total: null, more };
}

export function readListPage(answer: ToolAnswer): ListPage {
  // structuredContent is not documented; MCP has a server repeat it as text, and the text is what is read.
  if (answer.texts.length === 0) throw new UnrecognisedListError(describeShape(answer));
  const [first, ...rest] = answer.texts as [string, ...string[]];
  const json = parseJson(first.trim());
  if (Array.isArray(json)) return fromJsonArray(json, rest, answer);
  if (rest.length > 0) throw new UnrecognisedListError(describeShape(answer));
  if (typeof json === 'object' && json !== null) return fromObject(json as Record<string, unknown>, answer);
  return fromLines(first, answer);
}
