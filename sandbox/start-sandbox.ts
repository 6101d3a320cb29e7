import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider from 'oidc-provider';

import { interactionRoutes, type ProviderChoices } from './interactions.js';
import { sandboxHomePage } from './home-page.js';
import { MemoryStore } from './memory-store.js';
import { documentedRegistrationAnswer, oauthMetadataOnly } from './oauth-metadata.js';
import { offlineAccessImpliesConsent } from './offline-access.js';
import { isoDay } from './records/list-pages.js';
import { recordRoutes } from './records/record-routes.js';
import { DEFAULT_SYNC_SETTINGS, createRecordsSync, type SyncSettings } from './records/records-sync.js';
import { AUTHORIZATION_PATH, buildProviderConfig, createSigningKey } from './provider-config.js';
import { callbackIssVariant, refreshReuseVariant } from './variant-middleware.js';
import { DEFAULT_VARIANTS, type SandboxVariants } from './variants.js';
import { trackStats, type SandboxStats } from './stats.js';
import { TEST_PATIENTS, TEST_PROVIDERS, type TestPatient } from './test-data.js';

export type { SandboxStats } from './stats.js';
export type { TestPatient, TestProvider } from './test-data.js';
export { SANDBOX_PASSWORD, TEST_PATIENTS, TEST_PROVIDERS } from './test-data.js';
export { recordsOf } from './records/test-records.js';
export { RECORD_TOOL_NAMES, runQuery, visibleRecords } from './records/record-queries.js';
export { dateOf, pageOf, windowStart } from './records/list-pages.js';
export { healthSummary } from './records/health-summary.js';
export { findPatientById } from './test-data.js';
export { DEFAULT_VARIANTS, SANDBOX_MAX_YEARS, VARIANT_SETS, variantsFromName, type SandboxVariants, type VariantSetName } from './variants.js';

/** What a token is, in RFC 7662 terms, plus the providers its grant was given (tests only; HealthEx offers no introspection). */
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
  /** HealthEx's unknowns, one variant each (variants.ts). Default: DEFAULT_VARIANTS. */
  variants?: Partial<SandboxVariants>;
  /** List tools' page size (HealthEx's is unknown). Default 50. */
  pageSize?: number;
  /** `update_records`'s duration and per-patient rate limit. */
  sync?: Partial<SyncSettings>;
  /** "Today" for the 3-year window (YYYY-MM-DD). Default: the real date. */
  today?: string;
  /** The demo sites, linked from the sandbox's root page. */
  demoLinks?: readonly { name: string; url: string }[];
}

export interface Sandbox {
  /** `http://<host>:<port>`, with the real port. */
  readonly issuer: string;
  close(): Promise<void>;
  /** What the sandbox knows about a token, looked up in-process (a test aid: HealthEx documents no introspection). */
  introspect(token: string): Promise<IntrospectionResult>;
  readonly variants: Readonly<SandboxVariants>;
  /** Makes a patient's access tokens invalid before their expiry (the grant stays): the MCP endpoint then answers -32001. */
  revokeAccessTokensOf(patientId: string): number;
  /** Forget a patient's `update_records` rate limit. */
  resetRecordsUpdates(patientId: string): void;
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
 * and the behaviour HealthEx documents (docs/healthex-api.md), with a variant for each unknown. A developer and test tool only; never start it in production.
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
    return await attachProvider(server, issuer, accessTokenTtlSeconds, options);
  } catch (error) {
    await close(server);
    throw error;
  }
}

async function attachProvider(server: Server, issuer: string, accessTokenTtlSeconds: number, options: SandboxOptions): Promise<Sandbox> {
  const variants: SandboxVariants = Object.freeze({ ...DEFAULT_VARIANTS, ...options.variants });
  const store = new MemoryStore();
  const choices: ProviderChoices = { byGrant: new Map(), byAccount: new Map() };
  const provider = new Provider(
    issuer,
    buildProviderConfig({
      store,
      accessTokenTtlSeconds,
      signingKey: await createSigningKey(),
      interactionTtlSeconds: INTERACTION_TTL_SECONDS,
    }),
  );
  const sync = createRecordsSync({ ...DEFAULT_SYNC_SETTINGS, ...options.sync });
  const today = () => options.today ?? isoDay(new Date());
  const tracking = trackStats(provider);
  provider.use(tracking.middleware);
  provider.use(sandboxHomePage(() => options.demoLinks ?? []));
  provider.use(oauthMetadataOnly());
  provider.use(documentedRegistrationAnswer('/oauth/register'));
  provider.use(callbackIssVariant(variants, AUTHORIZATION_PATH));
  provider.use(refreshReuseVariant(variants, provider, '/oauth/token'));
  // Records: the MCP endpoint (bearer-protected) and its RFC 9728 metadata.
  provider.use(recordRoutes(provider, choices, issuer, { variants, sync, pageSize: options.pageSize ?? 50, today }));
  provider.use(offlineAccessImpliesConsent(AUTHORIZATION_PATH));
  provider.use(interactionRoutes(provider, choices, INTERACTION_TTL_SECONDS));
  provider.on('server_error', (_ctx, error) => {
    console.error('[healthex-sandbox] server error', error);
  });
  server.on('request', provider.callback());

  let closing: Promise<void> | undefined; // close() may be called more than once

  return {
    issuer,
    patients: TEST_PATIENTS,
    providers: TEST_PROVIDERS,
    stats: tracking.stats,
    providersOfGrant: (grantId) => choices.byGrant.get(grantId),
    variants,
    resetRecordsUpdates: (patientId) => sync.reset(patientId),
    revokeAccessTokensOf: (patientId) => store.dropAccessTokensOf(patientId),
    introspect: (token) => introspect(provider, choices, token),
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

/** Like oidc-provider's own introspection: a live token of a standing grant is active. */
async function introspect(provider: Provider, choices: ProviderChoices, token: string): Promise<IntrospectionResult> {
  const found = (await provider.AccessToken.find(token)) ?? (await provider.RefreshToken.find(token));
  if (!found || !found.isValid || !found.grantId) return { active: false };
  if ('consumed' in found && found.consumed) return { active: false };
  const grant = await provider.Grant.find(found.grantId, { ignoreExpiration: true });
  if (!grant || grant.isExpired) return { active: false };
  const providers = choices.byGrant.get(found.grantId);
  return {
    active: true,
    sub: found.accountId,
    client_id: found.clientId,
    scope: found.scope,
    exp: found.exp,
    iat: found.iat,
    iss: provider.issuer,
    token_type: found.kind === 'AccessToken' ? 'Bearer' : 'refresh_token',
    ...(providers ? { healthex_providers: [...providers] } : {}),
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
