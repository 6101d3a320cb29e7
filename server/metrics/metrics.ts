/**
 * The service's Prometheus metrics (prom-client), one registry per service instance so that two
 * services in one test process never share counters. Labels are bounded sets only — route
 * templates, outcomes, operation names — never a user id, a token, a raw path or a reason HealthEx
 * or a caller chose.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type Outcome = 'success' | 'failure' | 'denied';

export interface ConnectMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  authorizations: Counter<'stage' | 'outcome'>;
  refreshes: Counter<'outcome'>;
  revocations: Counter<'outcome'>;
  disconnects: Counter<'outcome'>;
  tokenUses: Counter<'outcome'>;
  healthexErrors: Counter<'operation'>;
  mongodbErrors: Counter<'command'>;
  rateLimitRefusals: Counter<'route'>;
  deniedRequests: Counter<'kind'>;
  auditWrites: Counter<'outcome'>;
}

const PREFIX = 'healthex_connect_';

/**
 * `defaultMetrics` adds prom-client's process metrics (CPU, memory, event-loop lag, GC): once per
 * process, by the entry point — not by every service a test starts in one process.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): ConnectMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  return {
    registry,
    httpRequests: new Counter({ name: `${PREFIX}http_requests_total`, help: 'HTTP requests answered, by route template and status code', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    authorizations: new Counter({ name: `${PREFIX}authorizations_total`, help: 'Authorization steps (begin, callback, confirm) by outcome', labelNames: ['stage', 'outcome'], registers }),
    refreshes: new Counter({
      name: `${PREFIX}token_refreshes_total`,
      help: 'Access-token refreshes at HealthEx: success, refused (HealthEx said no: reauthorization needed), healthex_unavailable, no_refresh_token, connection_changed (a disconnect or new authorization won the race; the refreshed tokens are revoked)',
      labelNames: ['outcome'],
      registers,
    }),
    revocations: new Counter({ name: `${PREFIX}token_revocations_total`, help: 'Revocation jobs of the outbox as they end: success (HealthEx confirmed), failure (ended unconfirmed: expired first, or unopenable)', labelNames: ['outcome'], registers }),
    disconnects: new Counter({ name: `${PREFIX}disconnects_total`, help: 'Disconnects, by outcome', labelNames: ['outcome'], registers }),
    tokenUses: new Counter({ name: `${PREFIX}access_token_uses_total`, help: 'Access tokens handed to Salus back-end services, by outcome', labelNames: ['outcome'], registers }),
    healthexErrors: new Counter({ name: `${PREFIX}healthex_errors_total`, help: 'HealthEx unreachable or failing, by operation', labelNames: ['operation'], registers }),
    mongodbErrors: new Counter({ name: `${PREFIX}mongodb_errors_total`, help: 'Failed MongoDB commands, by command name', labelNames: ['command'], registers }),
    rateLimitRefusals: new Counter({ name: `${PREFIX}rate_limit_refusals_total`, help: 'Requests refused by the rate limits (429), by limited route', labelNames: ['route'], registers }),
    deniedRequests: new Counter({ name: `${PREFIX}denied_requests_total`, help: 'Requests refused before any work (bad credential, origin, input)', labelNames: ['kind'], registers }),
    auditWrites: new Counter({
      name: `${PREFIX}audit_writes_total`,
      help: 'Audit trail writes: stored (events appended), retried (a write tried again after a failure), failed (events not stored: their requests failed)',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
