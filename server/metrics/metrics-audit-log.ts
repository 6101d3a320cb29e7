/**
 * Counts what the audit log records, so the counters follow what actually happened (an
 * authorization that failed at HealthEx counts as a failure and as a HealthEx error), then passes
 * the event on unchanged. Only the action, the outcome and a fixed set of reasons become labels.
 */
import type { AuditEventInput, AuditLog } from '../audit/audit-log.js';
import type { ConnectMetrics } from './metrics.js';

const OPERATION: Partial<Record<AuditEventInput['action'], string>> = {
  'authorization.begin': 'discovery',
  'authorization.callback': 'token_exchange',
  'token.refresh': 'refresh',
  'token.revoke': 'revoke',
  'token.use': 'refresh',
};

/** Bounded: a refresh either worked, HealthEx refused it (any OAuth error it chose), or did not answer. */
function refreshOutcome(event: AuditEventInput): string {
  if (event.outcome === 'success') return 'success';
  if (event.reason === 'healthex_unavailable' || event.reason === 'no_refresh_token' || event.reason === 'connection_changed') return event.reason;
  return 'refused';
}

function deniedKind(reason: string | undefined): string {
  if (reason === undefined) return 'other';
  if (reason.startsWith('rate_limited')) return 'rate_limited';
  if (reason.startsWith('invalid_request')) return 'invalid_request';
  if (reason === 'origin_not_allowed' || reason === 'feature_not_allowed') return reason;
  return 'credential'; // missing, malformed, expired or untrusted connect token or service credential
}

/** The outbox's "not confirmed yet" event (`<cause>:healthex_unavailable`): the job goes on. */
function isStillRetrying(event: AuditEventInput): boolean {
  return event.action === 'token.revoke' && event.outcome === 'failure' && (event.reason?.endsWith(':healthex_unavailable') ?? false);
}

export function countingAuditLog(audit: AuditLog, metrics: ConnectMetrics): AuditLog {
  return {
    async record(event) {
      count(event, metrics);
      return audit.record(event);
    },
  };
}

function count(event: AuditEventInput, metrics: ConnectMetrics): void {
  switch (event.action) {
    case 'authorization.begin':
      metrics.authorizations.inc({ stage: 'begin', outcome: event.outcome });
      break;
    case 'authorization.callback':
      metrics.authorizations.inc({ stage: 'callback', outcome: event.outcome });
      break;
    case 'connection.confirm':
      metrics.authorizations.inc({ stage: 'confirm', outcome: event.outcome });
      break;
    case 'connection.disconnect':
      metrics.disconnects.inc({ outcome: event.outcome });
      break;
    case 'token.refresh':
      metrics.refreshes.inc({ outcome: refreshOutcome(event) });
      break;
    case 'token.revoke':
      // A job HealthEx did not answer yet is still pending (the outbox gauges); count how jobs end.
      if (!isStillRetrying(event)) metrics.revocations.inc({ outcome: event.outcome });
      break;
    case 'token.use':
      metrics.tokenUses.inc({ outcome: event.outcome });
      break;
    case 'request.denied':
      metrics.deniedRequests.inc({ kind: deniedKind(event.reason) });
      break;
    default:
      break;
  }
  const operation = OPERATION[event.action];
  if (operation && (event.reason === 'healthex_unavailable' || isStillRetrying(event))) metrics.healthexErrors.inc({ operation });
}
