/**
 * `/metrics` gauges for the revocation outbox, read from the database at scrape time (so every
 * process reports the same shared numbers): jobs waiting for HealthEx to confirm, and among them
 * those HealthEx has already failed at least once. Revocations that ended unconfirmed are counted
 * by `healthex_connect_token_revocations_total{outcome="failure"}`.
 */
import { Gauge, type Registry } from 'prom-client';
import type { RevocationOutbox } from '../connections/revocation-outbox.js';

export function registerOutboxGauges(registry: Registry, outbox: Pick<RevocationOutbox, 'counts'>): void {
  let latest: Promise<{ pending: number; retrying: number }> | null = null;
  // One query per scrape for both gauges; a database that does not answer leaves them unset.
  const counts = () => (latest ??= outbox.counts().finally(() => setTimeout(() => (latest = null), 0)));
  new Gauge({
    name: 'healthex_connect_revocations_pending',
    help: 'Token revocations waiting in the outbox for HealthEx to confirm (all processes)',
    registers: [registry],
    async collect() {
      this.set((await counts().catch(() => ({ pending: Number.NaN }))).pending);
    },
  });
  new Gauge({
    name: 'healthex_connect_revocations_retrying',
    help: 'Token revocations HealthEx failed at least once, still being retried with backoff (all processes)',
    registers: [registry],
    async collect() {
      this.set((await counts().catch(() => ({ retrying: Number.NaN }))).retrying);
    },
  });
}
