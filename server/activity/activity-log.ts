/**
 * The patient-visible access log: the latest audit events about one user's connection, mapped to a
 * small, safe view. The query filters on the user key (both issuer and subject), and the view is
 * built field by field in code — never by returning stored documents or relying on a MongoDB
 * projection (the embedded engine ignores projections) — so request ids, reasons, other users and
 * anything added to audit documents later cannot leak through.
 */
import type { Collection } from 'mongodb';
import type { AuditAction, AuditOutcome } from '../audit/audit-log.js';
import type { AuditEventDocument } from '../db/collections.js';
import type { UserKey } from '../identity/user-key.js';

/** What happened, in the patient's terms. Part of the widget's contract: add values, never rename. */
export const ACTIVITY_ACTIONS = ['authorized', 'confirmed', 'used', 'refreshed', 'disconnected', 'revoked'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export interface ActivityEvent {
  /** ISO 8601. */
  at: string;
  action: ActivityAction;
  outcome: AuditOutcome;
  /** For `used`: the Salus feature that used the records, e.g. `health-decisions`. */
  feature?: string;
}

/** Audit actions the patient sees. Checks, begins and denied requests are operators' business. */
const ACTION_VIEW: Partial<Record<AuditAction, ActivityAction>> = {
  'authorization.callback': 'authorized',
  'connection.confirm': 'confirmed',
  'token.use': 'used',
  'token.refresh': 'refreshed',
  'connection.disconnect': 'disconnected',
  'token.revoke': 'revoked',
};
const VISIBLE_AUDIT_ACTIONS = Object.keys(ACTION_VIEW) as AuditAction[];
const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

export const DEFAULT_ACTIVITY_LIMIT = 20;
export const MAX_ACTIVITY_LIMIT = 50;

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

export function createActivityLog(collection: Collection<AuditEventDocument>) {
  return {
    /** The latest events about this user's connection, newest first. */
    async latest(user: UserKey, limit = DEFAULT_ACTIVITY_LIMIT): Promise<ActivityEvent[]> {
      const bounded = Math.min(Math.max(Math.trunc(limit), 1), MAX_ACTIVITY_LIMIT);
      const documents = await collection
        .find({ userIss: user.iss, userSub: user.sub, action: { $in: VISIBLE_AUDIT_ACTIONS } })
        .sort({ at: -1 })
        .limit(bounded)
        .toArray();
      // The filter is checked again here: the view must hold only this user's events whatever the
      // database does with the query.
      return documents
        .filter((document) => document.userIss === user.iss && document.userSub === user.sub)
        .map(toActivityEvent)
        .filter((event): event is ActivityEvent => event !== null);
    },
  };
}

export type ActivityLog = ReturnType<typeof createActivityLog>;
