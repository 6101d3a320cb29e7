/**
 * Shared pieces of the benchmarks: the connect service's environment, connect tokens, seeded
 * connections, statistics and the shape of a result section. Benchmarks print figures; they are not
 * tests and assert nothing.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Collection } from 'mongodb';
import { mintConnectToken } from '../../demo/host-backend/mint-connect-token.js';
import type { KeyRing } from '../../server/crypto/key-ring.js';
import type { ConnectionDocument } from '../../server/db/collections.js';
import { tokenContext } from '../../server/connections/connection-store.js';

export const BENCH_ISSUER = 'https://salus.bench';
export const BENCH_ORIGIN = 'https://app.salus.bench';

/** Keys and secrets for one benchmark run (never reused, never written anywhere). */
export interface BenchSecrets {
  issuerSecret: string; // base64url, 32 bytes
  encryptionKey: string; // base64, 32 bytes
}

export function newSecrets(): BenchSecrets {
  return { issuerSecret: randomBytes(32).toString('base64url'), encryptionKey: randomBytes(32).toString('base64') };
}

/**
 * The connect service's environment for a benchmark: production defaults everywhere (LOG_LEVEL info)
 * except the rate limits on begin/callback, which the callback benchmark would otherwise trip.
 */
export function serviceEnv(options: {
  secrets: BenchSecrets;
  dbName: string;
  port?: number;
  healthexIssuer?: string;
  allowedOrigins?: string[];
  logLevel?: string;
}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    // Status never talks to HealthEx; discovery is lazy, so an unused loopback URL is fine there.
    HEALTHEX_ISSUER: options.healthexIssuer ?? 'http://127.0.0.1:9',
    MONGODB_DB: options.dbName,
    TOKEN_ENCRYPTION_KEYS: `bench:${options.secrets.encryptionKey}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY: 'bench',
    CONNECT_TOKEN_ISSUERS: JSON.stringify([
      { issuer: BENCH_ISSUER, secret: options.secrets.issuerSecret, allowedOrigins: options.allowedOrigins ?? [BENCH_ORIGIN] },
    ]),
    LOG_LEVEL: options.logLevel ?? 'info',
    RATE_LIMIT_BEGIN_PER_MINUTE: '1000000',
    RATE_LIMIT_CALLBACK_PER_MINUTE: '1000000',
  };
}

/**
 * The environment of the compiled service run as production runs it, as a process of its own:
 * NODE_ENV=production, the metrics listener on, no shutdown delay; status never talks to HealthEx.
 */
export function productionServiceEnv(options: { secrets: BenchSecrets; dbName: string; mongodbUri: string }): Record<string, string> {
  return {
    ...serviceEnv({ secrets: options.secrets, dbName: options.dbName, healthexIssuer: 'https://127.0.0.1:9' }),
    NODE_ENV: 'production',
    MONGODB_URI: options.mongodbUri,
    PUBLIC_URL: 'https://connect.bench.example',
    METRICS_PORT: '0',
    SHUTDOWN_DELAY_SECONDS: '0',
    SHUTDOWN_DEADLINE_SECONDS: '5',
  };
}

export function benchToken(secrets: BenchSecrets, subject: string): Promise<string> {
  // 15 minutes: the longest lifetime the service accepts by default; a run is shorter.
  return mintConnectToken({ issuer: BENCH_ISSUER, subject, secret: Buffer.from(secrets.issuerSecret, 'base64url'), lifetimeSeconds: 900 });
}

export const subjectOf = (index: number) => `bench-user-${String(index).padStart(6, '0')}`;

/** A connected user's document as the service stores it, with real sealed (fake) tokens. */
export function connectedDocument(keyRing: KeyRing, subject: string): ConnectionDocument {
  const user = { iss: BENCH_ISSUER, sub: subject };
  const now = new Date();
  return {
    userIss: BENCH_ISSUER,
    userSub: subject,
    state: 'connected',
    scope: ['patient/*.read', 'offline_access'],
    sealedAccessToken: keyRing.seal(randomBytes(32).toString('base64url'), tokenContext(user, 'access_token')),
    sealedRefreshToken: keyRing.seal(randomBytes(32).toString('base64url'), tokenContext(user, 'refresh_token')),
    accessTokenExpiresAt: new Date(now.getTime() + 3_600_000),
    authorizedAt: now,
    connectedAt: now,
    updatedAt: now,
    version: 1,
    refreshLease: null,
  };
}

/**
 * Seeds `count` connected users with insertMany in batches: the embedded engine's single writes slow
 * down as a collection grows (docs/architecture.md §5), batches do not.
 */
export async function seedConnections(collection: Collection<ConnectionDocument>, keyRing: KeyRing, count: number, batch = 1000): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const documents = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) documents.push(connectedDocument(keyRing, subjectOf(i)));
    await collection.insertMany(documents, { ordered: false });
  }
}

// ---- statistics ---------------------------------------------------------------------------------

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summarize(values: readonly number[]) {
  return { n: values.length, median: median(values), p95: quantile(values, 0.95), p99: quantile(values, 0.99), mean: mean(values) };
}

export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;

// ---- results ------------------------------------------------------------------------------------

export interface TargetResult {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface Section {
  title: string;
  /** Markdown: tables and notes, without the heading. */
  body: string;
  targets: TargetResult[];
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}${cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : ''}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Reads a process's resident set size from /proc (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}
