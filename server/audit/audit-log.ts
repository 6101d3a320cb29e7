import type { UserKey } from '../identity/user-key.js';

/**
 * Audit events (HIPAA §164.312(b)): who, what, when, outcome, request id. Never a
 * token, verifier or authorization code — only names of things and outcomes.
 */
export type AuditAction =
  | 'authorization.begin'
  | 'authorization.callback'
  | 'connection.confirm'
  | 'connection.disconnect'
  | 'token.refresh'
  | 'token.revoke'
  | 'token.use'
  | 'records.update' // the patient asked HealthEx for their latest records: started (success) or refused (denied, rate limited)
  | 'connection.check' // a Salus back-end feature asked whether the user is connected
  | 'request.denied'
  | 'audit.retention' // events older than the retention period were removed (see audit-retention.ts)
  | 'audit.chain_start' // a writer (service process, tool run) began its chain (see mongo-audit-log.ts)
  | 'audit.checkpoint'; // the heads of the chains bound into one record (see audit-checkpoints.ts)

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEventInput {
  action: AuditAction;
  outcome: AuditOutcome;
  user?: UserKey;
  requestId?: string;
  /** A short machine-readable reason for failures and denials, e.g. `state_expired`. */
  reason?: string;
  /** For back-end API use: which Salus feature asked. */
  actor?: string;
  /**
   * For `audit.retention`: per chain, the last removed event, which the first remaining one chains
   * after. Every pruned chain is named, also those pruned by earlier runs, so the latest record
   * alone vouches for every removed range.
   */
  retention?: RetentionRange[];
}

export interface RetentionRange {
  chain: string;
  /** Events 1 … throughSeq of `chain` were removed. */
  throughSeq: number;
  throughHash: string;
}

export interface AuditEvent extends AuditEventInput {
  at: Date;
}

export interface AuditLog {
  /**
   * Resolves once the event is stored in the trail; rejects when it could not be (after retries),
   * so the request that caused it fails instead of going on unaudited.
   */
  record(event: AuditEventInput): Promise<void>;
}
