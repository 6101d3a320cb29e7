/**
 * The patient-visible access log: their audit events, mapped to a small, safe view and shaped into
 * screens a person can read (activity-view.ts). The query filters on the user key (both issuer and
 * subject), and the view is built field by field in code — never by returning stored documents or
 * relying on a MongoDB projection (the embedded engine ignores projections) — so request ids,
 * reasons, other users and anything added to audit documents later cannot leak through.
 */
import type { Collection, Filter } from 'mongodb';
import type { AuditAction, AuditOutcome } from '../audit/audit-log.js';
import type { AuditEventDocument } from '../db/collections.js';
import type { UserKey } from '../identity/user-key.js';
import { buildScreen, PAGE_READ_FEATURES, UPDATE_FEATURE, type ActivityAction, type ActivityEvent, type ActivityScreen } from './activity-view.js';

export { ACTIVITY_ACTIONS, type ActivityAction, type ActivityEvent, type ActivityScreen } from './activity-view.js';

/** Audit actions the patient sees. Checks, begins and denied requests are operators' business. */
const ACTION_VIEW: Partial<Record<AuditAction, ActivityAction>> = {
  'authorization.callback': 'authorized',
  'connection.confirm': 'confirmed',
  'token.use': 'used',
  'token.refresh': 'refreshed',
  'connection.disconnect': 'disconnected',
  'token.revoke': 'revoked',
  'records.update': 'update_requested',
};
const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
/** Token uses shown as their own line: every feature but the page's reads and the update (shown by its outcome). */
const HIDDEN_USE_FEATURES = [...PAGE_READ_FEATURES, UPDATE_FEATURE];
const NOTABLE_ACTIONS = (Object.keys(ACTION_VIEW) as AuditAction[]).filter((action) => action !== 'token.use');

export const DEFAULT_ACTIVITY_LIMIT = 20;
export const MAX_ACTIVITY_LIMIT = 50;
/** Page reads read for one screen at most (a year of daily visits); older ones of a long span go uncounted. */
const MAX_PAGE_READS = 1000;

/**
 * Revocations the outbox sends for other reasons than a disconnect (tokens replaced by a new
 * authorization, or dropped for reauthorization) are operators' business: the patient's log says
 * "HealthEx confirmed the disconnect" only for a disconnect. The cause leads the reason (revocation-worker.ts).
 */
function isDisconnectRevocation(document: AuditEventDocument): boolean {
  const cause = document.reason?.split(':')[0];
  return cause === undefined || cause === 'disconnect' || cause === 'healthex_unavailable' || cause === 'sealed_value_rejected';
}

export function toActivityEvent(document: AuditEventDocument): ActivityEvent | null {
  const action = ACTION_VIEW[document.action];
  if (document.action === 'token.revoke' && !isDisconnectRevocation(document)) return null;
  if (!action || !(document.at instanceof Date) || !OUTCOMES.includes(document.outcome)) return null;
  const event: ActivityEvent = { at: document.at.toISOString(), action, outcome: document.outcome };
  if (action === 'used' && typeof document.actor === 'string') event.feature = document.actor;
  return event;
}

export interface ActivityQuery {
  limit?: number;
  /** Only events before this time (ISO 8601): the "Show earlier activity" screen. */
  before?: string;
}

export function createActivityLog(collection: Collection<AuditEventDocument>) {
  return {
    /** One screen of this user's activity, newest first: `limit` notable events and the page's reads grouped by day. */
    async latest(user: UserKey, query: ActivityQuery = {}): Promise<ActivityScreen> {
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_ACTIVITY_LIMIT), 1), MAX_ACTIVITY_LIMIT);
      const mine = { userIss: user.iss, userSub: user.sub, ...(query.before ? { at: { $lt: new Date(query.before) } } : {}) };
      const notable: Filter<AuditEventDocument> = { ...mine, $or: [{ action: { $in: NOTABLE_ACTIONS } }, { action: 'token.use', actor: { $nin: HIDDEN_USE_FEATURES } }] };
      const documents = await collection.find(notable).sort({ at: -1 }).limit(limit + 1).toArray();
      const reads = await collection
        .find({ ...mine, action: 'token.use', outcome: 'success', actor: { $in: [...PAGE_READ_FEATURES] } })
        .sort({ at: -1 })
        .limit(MAX_PAGE_READS)
        .toArray();
      // The filters are checked again here: the view must hold only this user's events, as meant,
      // whatever the database does with the query.
      const own = (document: AuditEventDocument) => document.userIss === user.iss && document.userSub === user.sub;
      const events = documents
        .filter((document) => own(document) && !(document.action === 'token.use' && HIDDEN_USE_FEATURES.includes(String(document.actor))))
        .map(toActivityEvent)
        .filter((event): event is ActivityEvent => event !== null);
      const pageReads = reads
        .filter((document) => own(document) && document.action === 'token.use' && document.at instanceof Date && PAGE_READ_FEATURES.includes(String(document.actor)))
        .map((document) => ({ at: document.at.toISOString(), feature: String(document.actor) }));
      return buildScreen(events, pageReads, limit);
    },
  };
}

export type ActivityLog = ReturnType<typeof createActivityLog>;
