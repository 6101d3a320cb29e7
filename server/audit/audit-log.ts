import type { UserKey } from '../identity/user-key.js';

/**
 * Audit events (HIPAA §164.312(b)): who, what, when, outcome, request id. Append-only; never a
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
  | 'audit.retention'; // events older than the retention period were removed (see audit-retention.ts)

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
  /** For `audit.retention`: the last removed event, which the first remaining one chains after. */
  retention?: { throughSeq: number; throughHash: string };
}

export interface AuditEvent extends AuditEventInput {
  at: Date;
}

export interface AuditLog {
  record(event: AuditEventInput): Promise<void>;
}
