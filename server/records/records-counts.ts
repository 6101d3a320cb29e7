/**
 * Counts per category from HealthEx's list tools, in one MCP session: within HealthEx's default
 * 3-year window (no `years` is sent, so the count is what HealthEx calls its default), paging with
 * `beforeDate` while an answer says more exists — bounded by pages per tool and a time budget, so
 * a large record stays fast and the count becomes "N or more" (`more: true`). A tool missing from
 * tools/list, failing, or answering in a shape that cannot be read makes only its own tile
 * `unavailable`; a refused token (-32001) fails the whole piece of work so it can be retried once.
 */
import type { Logger } from 'pino';
import { CATEGORY_TOOLS, RECORD_CATEGORIES, isCounted } from './record-categories.js';
import { RecordsTokenRejectedError, type McpRecordsSession } from './mcp-records-client.js';
import { readListPage, type ListShape } from './list-answer.js';
import type { CountedCategoryId, RecordCategorySummary } from './records-contract.js';

export interface CountBounds {
  /** Pages read per tool at most (the first included). */
  maxPagesPerTool: number;
  /** After this, no further page is asked for. */
  timeBudgetMs: number;
}

export const DEFAULT_COUNT_BOUNDS: CountBounds = { maxPagesPerTool: 5, timeBudgetMs: 8_000 };

type CategoryCount = { kind: 'counted'; count: number; more: boolean; shape: ListShape } | { kind: 'unavailable'; reason: string };

async function countWith(session: McpRecordsSession, tool: string, bounds: CountBounds, deadline: number): Promise<CategoryCount> {
  let count = 0;
  let beforeDate: string | null = null;
  let shape: ListShape = 'json-array';
  for (let page = 0; ; page += 1) {
    const answer = await session.call(tool, beforeDate === null ? {} : { beforeDate });
    const read = readListPage(answer);
    count += read.count;
    shape = read.shape;
    if (!read.more) return { kind: 'counted', count, more: false, shape };
    // More exists: ask for it only with a usable, older date, within the bounds.
    const next = read.nextBeforeDate;
    const usable = next !== null && (beforeDate === null || next < beforeDate);
    if (!usable || page + 1 >= bounds.maxPagesPerTool || Date.now() >= deadline) return { kind: 'counted', count, more: true, shape };
    beforeDate = next;
  }
}

export async function countCategories(session: McpRecordsSession, bounds: CountBounds, log: Logger): Promise<RecordCategorySummary[]> {
  const offered = await session.toolNames();
  const deadline = Date.now() + bounds.timeBudgetMs;
  const counted = new Map<CountedCategoryId, CategoryCount>();

  await Promise.all(
    (Object.entries(CATEGORY_TOOLS) as Array<[CountedCategoryId, readonly string[]]>).map(async ([category, tools]) => {
      const tool = tools.find((name) => offered.has(name));
      if (!tool) return void counted.set(category, { kind: 'unavailable', reason: 'not_offered' });
      try {
        counted.set(category, await countWith(session, tool, bounds, deadline));
      } catch (error) {
        if (error instanceof RecordsTokenRejectedError) throw error;
        counted.set(category, { kind: 'unavailable', reason: (error as Error)?.name ?? 'error' });
      }
    }),
  );

  const shapes = [...counted.values()].flatMap((entry) => (entry.kind === 'counted' ? [entry.shape] : []));
  const unavailable = [...counted.entries()].filter(([, entry]) => entry.kind === 'unavailable').map(([category, entry]) => `${category}:${(entry as { reason: string }).reason}`);
  // Which variant of the unknown text format HealthEx showed (docs/healthex-api.md asks for it in the logs).
  log.info({ listShapes: [...new Set(shapes)], unavailable }, 'HealthEx record counts read');

  return RECORD_CATEGORIES.map((category): RecordCategorySummary => {
    if (!isCounted(category)) return { category, kind: 'included' } as RecordCategorySummary;
    const entry = counted.get(category)!;
    return entry.kind === 'counted' ? { category, kind: 'counted', count: entry.count, more: entry.more } : { category, kind: 'unavailable' };
  });
}
