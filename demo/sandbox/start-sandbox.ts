import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider from 'oidc-provider';

import { interactionRoutes, type ProviderChoices } from './interactions.js';
import { MemoryStore } from './memory-store.js';
import { oauthMetadataOnly } from './oauth-metadata.js';
import { offlineAccessImpliesConsent } from './offline-access.js';
import { advertiseRecordEndpoints, recordRoutes } from './records/record-routes.js';
import { AUTHORIZATION_PATH, INSPECTOR_CLIENT_ID, buildProviderConfig, createSigningKey } from './provider-config.js';
import { trackStats, type SandboxStats } from './stats.js';
import { TEST_PATIENTS, TEST_PROVIDERS, type TestPatient } from './test-data.js';

export type { SandboxStats } from './stats.js';
export type { TestPatient, TestProvider } from './test-data.js';
export { SANDBOX_PASSWORD, TEST_PATIENTS, TEST_PROVIDERS } from './test-data.js';
export { recordsOf } from './records/test-records.js';
export { RECORD_TOOL_NAMES, SUMMARY_CATEGORIES, runQuery, summaryCounts, visibleRecords } from './records/record-queries.js';

/** RFC 7662 introspection response, plus the sandbox's `healthex_providers` claim. */
export interface IntrospectionResult {
  active: boolean;
  sub?: string;
  client_id?: string;
  scope?: string;
  exp?: number;
  iat?: number;
  iss?: string;
  token_type?: string;
  healthex_providers?: string[];
  [claim: string]: unknown;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default 3600. Tests use short ones to exercise refresh. */
  accessTokenTtlSeconds?: number;
}

export interface Sandbox {
  /** `http://<host>:<port>`, with the real port. */
  readonly issuer: string;
  close(): Promise<void>;
  /** RFC 7662 introspection over real HTTP, authenticated as the static `sandbox-inspector` client. */
  introspect(token: string): Promise<IntrospectionResult>;
  stats(): SandboxStats;
  /** Revokes every grant (and its tokens) of a test patient, as if revoked at HealthEx. Returns how many. */
  revokeGrantsOf(patientId: string): Promise<number>;
  /** The provider ids a grant was given, e.g. `['riverside-health']`. */
  providersOfGrant(grantId: string): readonly string[] | undefined;
  readonly patients: readonly TestPatient[];
  readonly providers: typeof TEST_PROVIDERS;
}

const INTERACTION_TTL_SECONDS = 60 * 60;

/**
 * Starts the local HealthEx sandbox: an oidc-provider authorization server with HealthEx's paths
 * and behaviour (DESIGN.md §3, §8). A developer and test tool only; never start it in production.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  if (!Number.isInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
    throw new TypeError('accessTokenTtlSeconds must be a positive integer');
  }

  // The issuer must carry the real port, so listen first and attach the provider afterwards.
  const server = createServer();
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  try {
    return await attachProvider(server, issuer, accessTokenTtlSeconds);
  } catch (error) {
    await close(server);
    throw error;
  }
}

async function attachProvider(server: Server, issuer: string, accessTokenTtlSeconds: number): Promise<Sandbox> {
  const store = new MemoryStore();
  const choices: ProviderChoices = { byGrant: new Map(), byAccount: new Map() };
  const inspectorSecret = randomBytes(32).toString('base64url');
  const provider = new Provider(
    issuer,
    buildProviderConfig({
      store,
      choices,
      accessTokenTtlSeconds,
      inspectorSecret,
      signingKey: await createSigningKey(),
      interactionTtlSeconds: INTERACTION_TTL_SECONDS,
    }),
  );
  const tracking = trackStats(provider);
  provider.use(tracking.middleware);
  provider.use(advertiseRecordEndpoints(issuer)); // outside oauthMetadataOnly, which trims unknown fields
  provider.use(oauthMetadataOnly());
  provider.use(recordRoutes(provider, choices)); // records: /mcp and /fhir/*, bearer-protected
  provider.use(offlineAccessImpliesConsent(AUTHORIZATION_PATH));
  provider.use(interactionRoutes(provider, choices, INTERACTION_TTL_SECONDS));
  provider.on('server_error', (_ctx, error) => {
    console.error('[healthex-sandbox] server error', error);
  });
  server.on('request', provider.callback());

  let closing: Promise<void> | undefined; // close() may be called more than once
  const inspectorAuth = `Basic ${Buffer.from(`${encodeURIComponent(INSPECTOR_CLIENT_ID)}:${encodeURIComponent(inspectorSecret)}`).toString('base64')}`;

  return {
    issuer,
    patients: TEST_PATIENTS,
    providers: TEST_PROVIDERS,
    stats: tracking.stats,
    providersOfGrant: (grantId) => choices.byGrant.get(grantId),
    async introspect(token) {
      const response = await fetch(`${issuer}/oauth/introspect`, {
        method: 'POST',
        headers: { authorization: inspectorAuth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token }),
      });
      if (!response.ok) throw new Error(`sandbox introspection failed with HTTP ${response.status}`);
      return (await response.json()) as IntrospectionResult;
    },
    async revokeGrantsOf(patientId) {
      const grantIds = store.grantIdsOf(patientId);
      for (const grantId of grantIds) {
        store.revokeGrant(grantId);
        choices.byGrant.delete(grantId);
        tracking.countGrantRevoked();
      }
      return grantIds.length;
    },
    close: () => (closing ??= close(server)),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Clients' keep-alive sockets would otherwise hold close() open.
    server.closeAllConnections();
  });
}
