/**
 * Configuration from environment variables, validated once at start-up. Every problem is reported
 * at once, by variable name, and the service refuses to start on a missing or weak key.
 * `.env.example` documents each variable.
 */
import { z } from 'zod';
import { KeyRing, parseKeyList } from './crypto/key-ring.js';
import { loadTrustedIssuer, trustedIssuerConfig, type TrustedIssuer } from './identity/trusted-issuers.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from './audit/audit-retention.js';
import { parseServiceCredentials, type ServiceCredential } from './backend-api/service-credentials.js';
import { withProductionReadiness } from './production-readiness.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const MIN_PENDING_TTL_SECONDS = 30 * 60; // patients may take 30 minutes at HealthEx

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.string().url().optional(),
  HEALTHEX_ISSUER: z.string().url().default('https://api.healthex.io'),
  HEALTHEX_CLIENT_NAME: z.string().min(1).default('Salus AI'),
  HEALTHEX_SCOPE: z.string().min(1).default('patient/*.read offline_access'),
  HEALTHEX_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  MONGODB_URI: z.string().optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('healthex_connect'),
  TOKEN_ENCRYPTION_KEYS: z.string({ error: 'is required (kid:base64key[,kid:base64key…])' }).min(1, 'is required'),
  TOKEN_ENCRYPTION_ACTIVE_KEY: z.string({ error: 'is required (the kid that encrypts new values)' }).min(1),
  CONNECT_TOKEN_ISSUERS: z.string({ error: 'is required (a JSON array of trusted issuers)' }).min(1),
  CONNECT_TOKEN_AUDIENCE: z.string().min(1).default('healthex-connect'),
  CONNECT_TOKEN_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  // State-changing calls (begin, confirm, disconnect, records.update) need a connect token minted
  // this recently (by `iat`): the widget asks the host for one right before each (SECURITY.md).
  CONNECT_TOKEN_FRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  PENDING_AUTHORIZATION_TTL_SECONDS: z.coerce.number().int().min(MIN_PENDING_TTL_SECONDS).max(24 * 3600).default(3600),
  REFRESH_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  // The revocation outbox (SECURITY.md "Revocation"): how often each process looks for due jobs, the
  // retry backoff, how long a token of unknown lifetime is retried, and how long a disconnect waits
  // for the first attempt before answering (never longer: HealthEx's state never holds it up).
  REVOCATION_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  REVOCATION_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  REVOCATION_RETRY_MAX_SECONDS: z.coerce.number().min(0.05).max(86_400).default(900),
  REVOCATION_GIVE_UP_DAYS: z.coerce.number().min(0.0001).max(3650).default(90),
  REVOCATION_FIRST_ATTEMPT_WAIT_MS: z.coerce.number().int().min(0).max(900).default(300),
  // Back-end API and records.
  SERVICE_CREDENTIALS: z.string().default('[]'),
  HEALTHEX_MCP_URL: z.string().url().optional(),
  RECORDS_SUMMARY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // How long audit events are kept (days; default six years, SECURITY.md "Audit retention").
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(DEFAULT_AUDIT_RETENTION_DAYS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Abuse limits (SECURITY.md): requests per minute per client address (shared by all processes), batch and body size.
  RATE_LIMIT_BEGIN_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_CALLBACK_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  // Where the counts live: `mongodb` (shared by every process; the default) or `memory` (this
  // process only: for tests that ask for it).
  RATE_LIMIT_STORE: z.enum(['mongodb', 'memory']).default('mongodb'),
  // The most calls one tRPC batch request may hold; larger batches are refused before any call runs.
  TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REQUEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
  // Behind a load balancer: take the client address from the last X-Forwarded-For hop it added.
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // A database that stops answering without closing the connection (a partition) must not hang requests.
  MONGODB_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  // The driver's connection pool (docs/SCALING.md "Connection pool"): kept warm so a crowd does not
  // wait while connections are opened two at a time (the driver's default maxConnecting).
  MONGODB_MIN_POOL_SIZE: z.coerce.number().int().min(0).max(1000).default(20),
  MONGODB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  MONGODB_MAX_CONNECTING: z.coerce.number().int().min(1).max(100).default(8),
  // How often each process binds its audit chain's head into a checkpoint (docs/SCALING.md).
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export interface ConnectConfig {
  host: string;
  port: number;
  /** The service's public base URL; the OAuth redirect URI is `${publicUrl}/auth/healthex/callback`. */
  publicUrl: string;
  redirectUri: string;
  healthex: { issuer: string; clientName: string; scope: string; timeoutSeconds: number; allowInsecureHttp: boolean };
  mongodb: { uri: string | undefined; dbName: string; serverSelectionTimeoutMs: number; socketTimeoutMs: number; pool: { minPoolSize: number; maxPoolSize: number; maxConnecting: number } };
  keyRing: KeyRing;
  trustedIssuers: ReadonlyMap<string, TrustedIssuer>;
  /** Every page origin some issuer allows: the CORS allow-list. */
  allowedOrigins: ReadonlySet<string>;
  /** `freshSeconds`: how old (by `iat`) a connect token on a state-changing call may be. */
  connectToken: { audience: string; maxLifetimeSeconds: number; clockToleranceSeconds: number; freshSeconds: number };
  /** The revocation outbox's worker (connections/revocation-worker.ts). */
  revocations: { pollMs: number; retryBaseMs: number; retryMaxMs: number; giveUpAfterMs: number; firstAttemptWaitMs: number };
  pendingAuthorizationTtlSeconds: number;
  refreshSkewSeconds: number;
  /** Salus back-end services allowed to call /backend/v1/* (hashes only). Empty: every call is refused. */
  serviceCredentials: readonly ServiceCredential[];
  /** HealthEx's MCP endpoint (default `${HEALTHEX_ISSUER}/mcp`) and how long a records summary is cached. */
  records: { mcpUrl: string; summaryCacheSeconds: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Audit events older than this are removed by `npm run audit:prune`. */
  audit: { retentionDays: number; checkpointSeconds: number };
  limits: { beginPerMinute: number; callbackPerMinute: number; store: 'mongodb' | 'memory'; maxBatchSize: number; requestBodyBytes: number };
  /** Trust one proxy hop's X-Forwarded-For / X-Forwarded-Proto. */
  trustProxy: boolean;
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ConnectConfig> {
  const parsed = envSchema.safeParse(env);
  // Keep going after the first problem so the operator sees every one of them at once.
  // With NODE_ENV=production, what production needs comes first (production-readiness.ts).
  const problems: string[] = withProductionReadiness(env, parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));

  let keyRing: KeyRing | undefined;
  if (env.TOKEN_ENCRYPTION_KEYS && env.TOKEN_ENCRYPTION_ACTIVE_KEY) {
    try {
      keyRing = new KeyRing(parseKeyList(env.TOKEN_ENCRYPTION_KEYS), env.TOKEN_ENCRYPTION_ACTIVE_KEY);
    } catch (error) {
      problems.push(`TOKEN_ENCRYPTION_KEYS: ${(error as Error).message}`);
    }
  }

  const trustedIssuers = new Map<string, TrustedIssuer>();
  if (env.CONNECT_TOKEN_ISSUERS) {
    try {
      const list = z.array(trustedIssuerConfig).min(1).safeParse(JSON.parse(env.CONNECT_TOKEN_ISSUERS));
      if (!list.success) {
        problems.push(...list.error.issues.map((issue) => `CONNECT_TOKEN_ISSUERS[${issue.path.join('.')}]: ${issue.message}`));
      } else {
        for (const issuerConfig of list.data) {
          if (trustedIssuers.has(issuerConfig.issuer)) problems.push(`CONNECT_TOKEN_ISSUERS: issuer "${issuerConfig.issuer}" appears twice`);
          trustedIssuers.set(issuerConfig.issuer, await loadTrustedIssuer(issuerConfig));
        }
      }
    } catch (error) {
      problems.push(`CONNECT_TOKEN_ISSUERS: not valid JSON (${(error as Error).message})`);
    }
  }
  if (!parsed.success || !keyRing) throw new ConfigError(problems);
  const e = parsed.data;

  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  const issuerUrl = new URL(e.HEALTHEX_ISSUER);
  // Plain http is only tolerated for a HealthEx sandbox on this machine.
  const allowInsecureHttp = issuerUrl.protocol === 'http:';
  if (allowInsecureHttp && !isLoopback(issuerUrl)) problems.push('HEALTHEX_ISSUER: must use https unless it is a local sandbox on loopback');
  const publicUrlParsed = new URL(publicUrl);
  if (publicUrlParsed.protocol === 'http:' && !isLoopback(publicUrlParsed)) problems.push('PUBLIC_URL: must use https unless it is on loopback');

  const services = parseServiceCredentials(e.SERVICE_CREDENTIALS);
  problems.push(...services.problems);
  for (const credential of services.credentials) {
    for (const issuer of credential.issuers) {
      if (!trustedIssuers.has(issuer)) problems.push(`SERVICE_CREDENTIALS: "${credential.name}" names issuer "${issuer}", which is not in CONNECT_TOKEN_ISSUERS`);
    }
  }
  const mcpUrl = (e.HEALTHEX_MCP_URL ?? `${e.HEALTHEX_ISSUER.replace(/\/+$/, '')}/mcp`).replace(/\/+$/, '');
  const mcpUrlParsed = new URL(mcpUrl);
  // A derived URL shares HEALTHEX_ISSUER's origin, which is checked above: report only an explicit one.
  if (e.HEALTHEX_MCP_URL !== undefined && mcpUrlParsed.protocol !== 'https:' && !(mcpUrlParsed.protocol === 'http:' && isLoopback(mcpUrlParsed))) {
    problems.push('HEALTHEX_MCP_URL: must use https unless it is a local sandbox on loopback');
  }

  if (problems.length > 0 || !keyRing) throw new ConfigError(problems);

  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    redirectUri: `${publicUrl}/auth/healthex/callback`,
    healthex: {
      issuer: e.HEALTHEX_ISSUER.replace(/\/+$/, ''),
      clientName: e.HEALTHEX_CLIENT_NAME,
      scope: e.HEALTHEX_SCOPE,
      timeoutSeconds: e.HEALTHEX_TIMEOUT_SECONDS,
      allowInsecureHttp,
    },
    mongodb: { uri: e.MONGODB_URI, dbName: e.MONGODB_DB, serverSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS, socketTimeoutMs: e.MONGODB_SOCKET_TIMEOUT_MS,
      pool: { minPoolSize: Math.min(e.MONGODB_MIN_POOL_SIZE, e.MONGODB_MAX_POOL_SIZE), maxPoolSize: e.MONGODB_MAX_POOL_SIZE, maxConnecting: e.MONGODB_MAX_CONNECTING },
    },
    keyRing,
    trustedIssuers,
    allowedOrigins: new Set([...trustedIssuers.values()].flatMap((issuer) => issuer.allowedOrigins)),
    connectToken: { audience: e.CONNECT_TOKEN_AUDIENCE, maxLifetimeSeconds: e.CONNECT_TOKEN_MAX_LIFETIME_SECONDS, clockToleranceSeconds: 5, freshSeconds: e.CONNECT_TOKEN_FRESH_SECONDS },
    revocations: {
      pollMs: e.REVOCATION_POLL_SECONDS * 1000,
      retryBaseMs: e.REVOCATION_RETRY_BASE_SECONDS * 1000,
      retryMaxMs: e.REVOCATION_RETRY_MAX_SECONDS * 1000,
      giveUpAfterMs: e.REVOCATION_GIVE_UP_DAYS * 86_400_000,
      firstAttemptWaitMs: e.REVOCATION_FIRST_ATTEMPT_WAIT_MS,
    },
    pendingAuthorizationTtlSeconds: e.PENDING_AUTHORIZATION_TTL_SECONDS,
    refreshSkewSeconds: e.REFRESH_SKEW_SECONDS,
    serviceCredentials: services.credentials,
    records: { mcpUrl, summaryCacheSeconds: e.RECORDS_SUMMARY_CACHE_SECONDS },
    logLevel: e.LOG_LEVEL,
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS, checkpointSeconds: e.AUDIT_CHECKPOINT_SECONDS },
    limits: {
      beginPerMinute: e.RATE_LIMIT_BEGIN_PER_MINUTE,
      callbackPerMinute: e.RATE_LIMIT_CALLBACK_PER_MINUTE,
      store: e.RATE_LIMIT_STORE,
      maxBatchSize: e.TRPC_MAX_BATCH_SIZE,
      requestBodyBytes: e.REQUEST_BODY_LIMIT_BYTES,
    },
    trustProxy: e.TRUST_PROXY === 'true',
  };
}

/** For command-line entry points: the configuration, or null after printing every problem with it. */
export async function loadConfigOrExplain(env: NodeJS.ProcessEnv = process.env): Promise<ConnectConfig | null> {
  try {
    return await loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}
