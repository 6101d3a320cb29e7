/**
 * Reading `check_records_status` and `update_records` answers. Both tools are listed by HealthEx
 * (update_records documented, check_records_status secondary) but neither answer's format is, so
 * both are read defensively: what cannot be read is `null` ("unknown"), never a guess.
 */
import { RecordsToolError, type ToolAnswer } from './mcp-records-client.js';

export interface RecordsStatus {
  lastUpdatedAt: string | null;
  updating: boolean | null;
}

const LAST_UPDATED_FIELDS = ['lastUpdated', 'last_updated', 'lastUpdatedAt', 'last_updated_at', 'lastSyncedAt', 'last_synced_at', 'lastSync', 'last_sync', 'updatedAt', 'updated_at', 'lastRefreshed', 'completedAt'];
const STATUS_FIELDS = ['status', 'state', 'syncStatus', 'sync_status'];
const UPDATING_FLAGS = ['updating', 'inProgress', 'in_progress', 'syncing', 'isSyncing'];
const BUSY = /\b(in[ _-]?progress|updating|syncing|running|pending|queued|started|refreshing)\b/i;
const IDLE = /\b(completed?|idle|done|up[ _-]to[ _-]date|finished|success(ful)?|synced|ready)\b/i;
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/;

function asIso(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = typeof value === 'string' ? (TIMESTAMP.exec(value)?.[0] ?? '') : value;
  const time = new Date(typeof text === 'string' ? text.replace(' ', 'T') : text).getTime();
  // A date before 2000 or more than a day ahead is not a plausible "last updated".
  return Number.isFinite(time) && time > Date.UTC(2000, 0, 1) && time < Date.now() + 86_400_000 ? new Date(time).toISOString() : null;
}

function statusFromObject(object: Record<string, unknown>): RecordsStatus {
  const lastUpdatedAt = LAST_UPDATED_FIELDS.map((field) => asIso(object[field])).find((value) => value !== null) ?? null;
  const flag = UPDATING_FLAGS.map((field) => object[field]).find((value) => typeof value === 'boolean') as boolean | undefined;
  const status = STATUS_FIELDS.map((field) => object[field]).find((value) => typeof value === 'string') as string | undefined;
  const updating = flag ?? (status === undefined ? null : BUSY.test(status) ? true : IDLE.test(status) ? false : null);
  return { lastUpdatedAt, updating };
}

export function readRecordsStatus(answer: ToolAnswer): RecordsStatus {
  const objects = [answer.structured, ...answer.texts.map((text) => {
    try {
      const json: unknown = JSON.parse(text);
      return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  })].filter((value): value is Record<string, unknown> => value !== null);
  for (const object of objects) {
    const status = statusFromObject(object);
    if (status.lastUpdatedAt !== null || status.updating !== null) return status;
  }
  // Plain text: "Last updated: 2026-11-30T10:00:00Z", "Status: updating".
  const text = answer.texts.join('\n');
  const lastLine = text.split(/\r?\n/).find((line) => /last\s*(updated|synced|sync|refresh)/i.test(line));
  const statusLine = text.split(/\r?\n/).find((line) => /status|state/i.test(line)) ?? text;
  return {
    lastUpdatedAt: lastLine ? asIso(lastLine) : null,
    updating: BUSY.test(statusLine) ? true : IDLE.test(statusLine) ? false : null,
  };
}

const RATE_LIMIT = /rate[ _-]?limit|too many requests|\b429\b|try again (later|in)|recently (updated|requested)/i;

/** Seconds to wait, from "retry after 900 seconds", "try again in 15 minutes", `{ retryAfter: 900 }`… */
function retryAfterSeconds(text: string, data: unknown): number | null {
  const fromData = (data as { retryAfter?: unknown; retry_after?: unknown; retryAfterSeconds?: unknown } | null | undefined) ?? {};
  for (const value of [fromData.retryAfter, fromData.retry_after, fromData.retryAfterSeconds]) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const match = /(?:retry|try again)[^0-9]{0,20}(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?)\b/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const factor = unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1;
  return Math.ceil(Number(match[1]) * factor);
}

/** A rate-limit refusal of `update_records`, in any of the plausible shapes; null when the error is something else. */
export function rateLimitOf(error: unknown): { retryAfterSeconds: number | null } | null {
  if (!(error instanceof RecordsToolError)) return null;
  const text = error.detail;
  if (!RATE_LIMIT.test(text) && error.rpcCode !== 429 && error.rpcCode !== -32029) return null;
  return { retryAfterSeconds: retryAfterSeconds(text, error.rpcData) };
}
