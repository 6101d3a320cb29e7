/**
 * What the patient's activity log shows, built from their audit events (the audit trail itself
 * keeps every event). The connect page's own reads — the record counts and the last-updated date,
 * read on every visit — would otherwise fill the log and push out what matters, so they become one
 * line per feature and day ("Your connect page read your record counts · 3 times today"), while
 * grants, confirmations, disconnects, revocations, refreshes, update requests and each Salus
 * feature's use stay one line each. Pure functions: the service (activity-log.ts) and the widget's
 * test double build the same screen from the same events.
 */

/** What happened, in the patient's terms. Part of the widget's contract: add values, never rename. */
export const ACTIVITY_ACTIONS = ['authorized', 'confirmed', 'used', 'refreshed', 'disconnected', 'revoked', 'update_requested', 'page_reads'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export type ActivityOutcome = 'success' | 'failure' | 'denied';

export interface ActivityEvent {
  /** ISO 8601; for `page_reads`, the latest read of that day. */
  at: string;
  action: ActivityAction;
  /** For `update_requested`: `denied` when HealthEx refused it (its rate limit). */
  outcome: ActivityOutcome;
  /** For `used` and `page_reads`: the feature, e.g. `health-decisions`, `connect-records-summary`. */
  feature?: string;
  /** For `page_reads`: how many reads that day (UTC). */
  times?: number;
}

/** The connect page's own reads, audited as `token.use` under these feature names. */
export const PAGE_READ_FEATURES: readonly string[] = ['connect-records-summary', 'connect-records-status'];
/** "Get latest records": its `token.use` is not shown, its outcome (`update_requested`) is. */
export const UPDATE_FEATURE = 'connect-records-update';

/** One screen of the log: newest first, and where the next-older screen starts (null: nothing older). */
export interface ActivityScreen {
  events: ActivityEvent[];
  earlier: string | null;
}

const byNewest = (a: ActivityEvent, b: ActivityEvent) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);

/** Page reads as one line per feature and UTC day, each at its latest read. */
export function groupPageReads(reads: ReadonlyArray<{ at: string; feature: string }>): ActivityEvent[] {
  const days = new Map<string, ActivityEvent>();
  for (const read of reads) {
    const key = `${read.at.slice(0, 10)} ${read.feature}`;
    const line = days.get(key);
    if (!line) days.set(key, { at: read.at, action: 'page_reads', outcome: 'success', feature: read.feature, times: 1 });
    else {
      line.times = (line.times ?? 0) + 1;
      if (read.at > line.at) line.at = read.at;
    }
  }
  return [...days.values()];
}

/**
 * One screen from `notable` (newest first, at most `limit + 1` of them: the extra one says an older
 * screen exists) and the page reads of the same span. The screen covers the `limit` notable events
 * and the page reads since the oldest of them — or all page reads when nothing older is left.
 */
export function buildScreen(notable: readonly ActivityEvent[], pageReads: ReadonlyArray<{ at: string; feature: string }>, limit: number): ActivityScreen {
  const shown = notable.slice(0, limit);
  const hasEarlier = notable.length > limit;
  const since = hasEarlier ? shown[shown.length - 1]!.at : null;
  const reads = since === null ? pageReads : pageReads.filter((read) => read.at >= since);
  return { events: [...shown, ...groupPageReads(reads)].sort(byNewest), earlier: since };
}
