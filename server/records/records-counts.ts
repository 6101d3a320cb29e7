/**
 * Counts per category from HealthEx's list tools, in one MCP session, over the whole history
 * HealthEx shares: each tool is asked with the documented `years` parameter set far enough back
 * for a whole life (or the `maximum` its input schema states), and paged with `beforeDate` while
 * an answer says more exists. Every record's own date is checked here, whatever the server did
 * with `years`: a record counts only inside the window the tile names, undated records count, and
 * paging stops as soon as the next page would start before the window.
 *
 * How far `years` may go is not documented. A tool that refuses the whole history is asked again
 * with 10 years, then with no `years` at all (HealthEx's documented 3-year default), and the tile
 * names the window it shows. Paging is bounded by pages per tool and a time budget; stopping at a
 * bound makes the count "N or more" (`more: true`). A tool missing from tools/list or failing
 * makes only its own tile `unavailable`; an answer in a format list-answer.ts does not recognise
 * makes it `included` (no number), logged once per tool and shape; a refused token (-32001) fails
 * the whole piece of work so it can be retried once.
 */
import type { Logger } from 'pino';
import { CATEGORY_TOOLS, DEFAULT_WINDOW_YEARS, RECORD_CATEGORIES, isCounted } from './record-categories.js';
import { RecordsTokenRejectedError, RecordsToolError, type McpRecordsSession } from './mcp-records-client.js';
import { readListPage, UnrecognisedListError, type ListFormat } from './list-answer.js';
import { activeCounts } from './health-summary-answer.js';
import type { CountedCategoryId, RecordCategorySummary } from './records-contract.js';

export interface CountBounds {
  /** Pages read per tool at most (the first included). */
  maxPagesPerTool: number;
  /** After this, no further page is asked for. */
  timeBudgetMs: number;
}

export const DEFAULT_COUNT_BOUNDS: CountBounds = { maxPagesPerTool: 8, timeBudgetMs: 8_000 };

/** `years` asked for the whole history: further back than any patient's records go. */
export const WHOLE_HISTORY_YEARS = 100;
/** Tried when a tool refuses a wider window; after it, no `years` (HealthEx's default). */
const FALLBACK_YEARS = 10;
/** JSON-RPC "Invalid params": how a server refuses an argument value. */
const INVALID_PARAMS = -32602;

type CategoryCount =
  | { kind: 'counted'; count: number; more: boolean; windowYears: number | null; format: ListFormat }
  | { kind: 'unrecognised'; shape: string }
  | { kind: 'unavailable'; reason: string };

/** Logs each unrecognised answer shape once per tool (the shape, never the content). */
export function createShapeReporter(log: Logger): (tool: string, shape: string) => void {
  const seen = new Set<string>();
  return (tool, shape) => {
    if (seen.has(`${tool} ${shape}`)) return;
    seen.add(`${tool} ${shape}`);
    log.warn({ tool, shape }, 'HealthEx answer in a format this service does not recognise: no number is shown from it');
  };
}

/** The day `years` before `today` (YYYY-MM-DD): the first day a record may be dated to count. */
export function windowStart(today: string, years: number): string {
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCFullYear(start.getUTCFullYear() - years);
  return start.toISOString().slice(0, 10);
}

const isRefusal = (error: unknown) => error instanceof RecordsToolError && (error.rpcCode === INVALID_PARAMS || (error.rpcCode === null && /\byears\b/i.test(error.detail)));

/** The `years` values to try in turn; null means "send none" (HealthEx's documented default). */
async function yearsLadder(session: McpRecordsSession, tool: string): Promise<Array<number | null>> {
  const maximum = await session.yearsMaximum(tool);
  const first = Math.min(WHOLE_HISTORY_YEARS, maximum ?? WHOLE_HISTORY_YEARS);
  return [first, ...(FALLBACK_YEARS < first ? [FALLBACK_YEARS] : []), ...(first > DEFAULT_WINDOW_YEARS ? [null] : [])];
}

async function countWith(session: McpRecordsSession, tool: string, today: string, bounds: CountBounds, deadline: number): Promise<CategoryCount> {
  const ladder = await yearsLadder(session, tool);
  for (const [rung, years] of ladder.entries()) {
    try {
      return await countInWindow(session, tool, years, today, bounds, deadline);
    } catch (error) {
      if (!isRefusal(error) || rung === ladder.length - 1) throw error;
    }
  }
  throw new Error('unreachable: the ladder is never empty');
}

async function countInWindow(session: McpRecordsSession, tool: string, years: number | null, today: string, bounds: CountBounds, deadline: number): Promise<CategoryCount> {
  const windowYears = years === WHOLE_HISTORY_YEARS ? null : (years ?? DEFAULT_WINDOW_YEARS);
  const from = windowStart(today, years ?? DEFAULT_WINDOW_YEARS);
  const base = years === null ? {} : { years };
  let count = 0;
  let beforeDate: string | null = null;
  for (let page = 0; ; page += 1) {
    const read = readListPage(await session.call(tool, beforeDate === null ? base : { ...base, beforeDate }));
    // A Bundle's own total for the request is the count; otherwise every record's date is checked.
    if (read.total !== null && page === 0) return { kind: 'counted', count: read.total, more: false, windowYears, format: read.format };
    count += read.dates.filter((date) => date === null || (date >= from && (beforeDate === null || date < beforeDate))).length;
    const done = (more: boolean): CategoryCount => ({ kind: 'counted', count, more, windowYears, format: read.format });
    if (read.more === null) return done(false);
    const next = read.more.beforeDate;
    // Everything before `next` is older than the window: nothing more to count.
    if (next !== null && next <= from) return done(false);
    const progresses = next !== null && (beforeDate === null || next < beforeDate);
    if (!progresses || page + 1 >= bounds.maxPagesPerTool || Date.now() >= deadline) return done(true);
    beforeDate = next;
  }
}

export interface CountOptions {
  bounds: CountBounds;
  /** Today (YYYY-MM-DD, UTC): windows are counted back from it. */
  today: string;
  log: Logger;
  reportShape: (tool: string, shape: string) => void;
}

async function countCategory(session: McpRecordsSession, tool: string, options: CountOptions, deadline: number): Promise<CategoryCount> {
  try {
    return await countWith(session, tool, options.today, options.bounds, deadline);
  } catch (error) {
    if (error instanceof RecordsTokenRejectedError) throw error;
    if (error instanceof UnrecognisedListError) {
      options.reportShape(tool, error.shape);
      return { kind: 'unrecognised', shape: error.shape };
    }
    return { kind: 'unavailable', reason: (error as Error)?.name ?? 'error' };
  }
}

export async function countCategories(session: McpRecordsSession, options: CountOptions): Promise<RecordCategorySummary[]> {
  const offered = await session.toolNames();
  const deadline = Date.now() + options.bounds.timeBudgetMs;
  const counted = new Map<CountedCategoryId, CategoryCount>();
  const [active] = await Promise.all([
    activeCounts(session, offered, options.reportShape),
    ...(Object.entries(CATEGORY_TOOLS) as Array<[CountedCategoryId, readonly string[]]>).map(async ([category, tools]) => {
      const tool = tools.find((name) => offered.has(name));
      counted.set(category, tool ? await countCategory(session, tool, options, deadline) : { kind: 'unavailable', reason: 'not_offered' });
    }),
  ]);

  const formats = [...counted.values()].flatMap((entry) => (entry.kind === 'counted' ? [entry.format] : []));
  const unavailable = [...counted.entries()].flatMap(([category, entry]) => (entry.kind === 'unavailable' ? [`${category}:${entry.reason}`] : []));
  const windows = [...counted.entries()].flatMap(([category, entry]) => (entry.kind === 'counted' && entry.windowYears !== null ? [`${category}:${entry.windowYears}y`] : []));
  // Which variant of the unknown text format and `years` limit HealthEx showed (docs/healthex-api.md asks for it in the logs).
  options.log.info({ listFormats: [...new Set(formats)], narrowerWindows: windows, unavailable }, 'HealthEx record counts read');

  return RECORD_CATEGORIES.map((category): RecordCategorySummary => {
    if (!isCounted(category)) return { category, kind: 'included' };
    const entry = counted.get(category)!;
    if (entry.kind === 'unrecognised') return { category, kind: 'included' };
    if (entry.kind === 'unavailable') return { category, kind: 'unavailable' };
    const tile: RecordCategorySummary = { category, kind: 'counted', count: entry.count, more: entry.more, windowYears: entry.windowYears };
    const activeHere = active?.[category as keyof typeof active];
    return activeHere === undefined ? tile : { ...tile, active: activeHere };
  });
}
