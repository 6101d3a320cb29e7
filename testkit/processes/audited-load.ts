/**
 * Load on service processes, spread round-robin over the instances with a fixed number of calls in
 * flight: audited `POST /backend/v1/is-connected` calls from a Salus back end, each about a user of
 * its own (so every call's audit event can be found by its subject), and, to compare, unaudited
 * `connection.status` queries. Used by the three-process
 * audit test and the audit scale-out benchmark.
 */
import { PROCESS_ISSUER, PROCESS_ORIGIN } from './service-process.js';

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export interface AuditedLoadResult {
  calls: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Calls that did not answer 200 (an audit event that could not be stored fails its call). */
  failed: number;
}

/** `calls` calls with `concurrency` in flight (a closed loop); `send(i)` makes call i. */
export async function closedLoop(calls: number, concurrency: number, send: (index: number) => Promise<Response>): Promise<AuditedLoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  async function worker(): Promise<void> {
    for (let i = next++; i < calls; i = next++) {
      const started = performance.now();
      const response = await send(i).catch(() => null);
      await response?.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response?.status !== 200) failed += 1;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { calls, seconds, perSecond: calls / seconds, p50Ms: quantile(latencies, 0.5), p95Ms: quantile(latencies, 0.95), failed };
}

/** Audited: a Salus back end asks whether user `${subjectPrefix}-${i}` is connected (one `connection.check` event each). */
export function isConnectedLoad(options: { urls: readonly string[]; serviceSecret: string; calls: number; concurrency: number; subjectPrefix: string; feature?: string }): Promise<AuditedLoadResult> {
  return closedLoop(options.calls, options.concurrency, (i) =>
    fetch(`${options.urls[i % options.urls.length]}/backend/v1/is-connected`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.serviceSecret}` },
      body: JSON.stringify({ user: { iss: PROCESS_ISSUER, sub: `${options.subjectPrefix}-${i}` }, feature: options.feature ?? 'precision-medicine' }),
    }),
  );
}

/** Unaudited, for comparison: the widget's `connection.status` query with one user's connect token. */
export function statusLoad(options: { urls: readonly string[]; connectToken: string; calls: number; concurrency: number }): Promise<AuditedLoadResult> {
  return closedLoop(options.calls, options.concurrency, (i) =>
    fetch(`${options.urls[i % options.urls.length]}/trpc/connection.status`, { headers: { authorization: `Bearer ${options.connectToken}`, origin: PROCESS_ORIGIN } }),
  );
}

/** The audit write counters of one instance's /metrics. */
export async function auditWriteCounts(metricsUrl: string): Promise<{ stored: number; retried: number; failed: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (outcome: string) => Number(text.split('\n').find((line) => line.startsWith(`healthex_connect_audit_writes_total{outcome="${outcome}"}`))?.split(' ').pop() ?? 0);
  return { stored: value('stored'), retried: value('retried'), failed: value('failed') };
}
