/**
 * In-memory stand-ins for what the connection use cases stand on — the connection store, the
 * pending authorizations, HealthEx's OAuth client and the audit log — so the use cases (begin,
 * the callback, confirm, disconnect, status) run in-process, in milliseconds, through the same
 * functions and router the service uses. They keep the stores' documented behaviour (single-use,
 * expiring state; one connection per user; a confirmed user coming back goes straight to
 * connected); MongoDB itself, sealing and the real OAuth exchange are the stack tests' job.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditEventInput, AuditLog } from '../../server/audit/audit-log.js';
import type { ConnectionStore } from '../../server/connections/connection-store.js';
import type { AuthorizationOutcome, ConsumeResult, PendingAuthorizations } from '../../server/connections/pending-authorizations.js';
import type { ConnectionDocument } from '../../server/db/collections.js';
import { userKeyString, type UserKey } from '../../server/identity/user-key.js';
import { GrantRefusedError, HealthexUnavailableError, type HealthexClient, type TokenSet } from '../../server/oauth/healthex-client.js';

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** One connection per user, kept as the store keeps it; tokens are held as they came (no sealing). */
export function inMemoryConnectionStore(): ConnectionStore & { documents: Map<string, ConnectionDocument> } {
  const documents = new Map<string, ConnectionDocument>();
  const key = userKeyString;
  const tokens = (set: TokenSet) => ({ sealedAccessToken: set.accessToken, sealedRefreshToken: set.refreshToken, accessTokenExpiresAt: set.expiresAt, scope: set.scope });
  const replace = (user: UserKey, document: ConnectionDocument) => void documents.set(key(user), document);
  return {
    documents,
    async find(user) {
      return documents.get(key(user)) ?? null;
    },
    async storeAuthorization(user, set) {
      const previous = documents.get(key(user)) ?? null;
      const hadConfirmed = previous !== null && (previous.state === 'connected' || (previous.state === 'reauth_required' && previous.connectedAt !== null));
      const now = new Date();
      replace(user, {
        userIss: user.iss,
        userSub: user.sub,
        ...tokens(set),
        state: hadConfirmed ? 'connected' : 'authorized',
        authorizedAt: now,
        connectedAt: hadConfirmed ? previous.connectedAt : null,
        updatedAt: now,
        version: (previous?.version ?? 0) + 1,
        refreshLease: null,
      });
      return previous;
    },
    async confirm(user) {
      const current = documents.get(key(user));
      if (current?.state === 'connected') return current;
      if (current?.state !== 'authorized') return null;
      const now = new Date();
      const confirmed = { ...current, state: 'connected' as const, connectedAt: now, updatedAt: now };
      replace(user, confirmed);
      return confirmed;
    },
    async erase(user) {
      const current = documents.get(key(user)) ?? null;
      documents.delete(key(user));
      return current;
    },
    async storeRefreshed(user, expectedVersion, leaseId, set) {
      const current = documents.get(key(user));
      if (!current || current.version !== expectedVersion || current.refreshLease?.id !== leaseId) return false;
      replace(user, { ...current, ...tokens(set), updatedAt: new Date(), refreshLease: null, version: current.version + 1 });
      return true;
    },
    async markReauthRequired(user, expectedVersion) {
      const current = documents.get(key(user));
      if (!current || current.version !== expectedVersion) return;
      replace(user, { ...current, state: 'reauth_required', sealedAccessToken: null, sealedRefreshToken: null, accessTokenExpiresAt: null, updatedAt: new Date(), refreshLease: null, version: current.version + 1 });
    },
    async markAccessTokenRefused(user, refusedToken) {
      const current = documents.get(key(user));
      if (!current || current.sealedAccessToken !== refusedToken) return false;
      replace(user, { ...current, accessTokenExpiresAt: new Date(0), updatedAt: new Date() });
      return true;
    },
    async takeRefreshLease(user, expectedVersion, leaseId, leaseMs) {
      const current = documents.get(key(user));
      if (!current || current.version !== expectedVersion) return false;
      if (current.refreshLease && current.refreshLease.until > new Date()) return false;
      replace(user, { ...current, refreshLease: { id: leaseId, until: new Date(Date.now() + leaseMs) } });
      return true;
    },
    async releaseRefreshLease(user, leaseId) {
      const current = documents.get(key(user));
      if (current?.refreshLease?.id === leaseId) replace(user, { ...current, refreshLease: null });
    },
    openAccessToken(_user, document) {
      return document.sealedAccessToken;
    },
    openRefreshToken(_user, document) {
      return document.sealedRefreshToken;
    },
  };
}

interface PendingEntry {
  user: UserKey;
  verifier: string;
  returnUrl: string;
  mode: 'popup' | 'redirect';
  createdAt: number;
  expiresAt: number;
  consumed: boolean;
  attempt?: string;
  outcome?: AuthorizationOutcome;
}

/** Begun authorizations by state: single use, expiring after `ttlMs`, outcomes kept for `connection.attempt`. */
export function inMemoryPendingAuthorizations(ttlMs = 30 * 60_000): PendingAuthorizations & { expireAll(): void } {
  const entries = new Map<string, PendingEntry>();
  return {
    expireAll() {
      for (const entry of entries.values()) entry.expiresAt = 0;
    },
    async create(input) {
      const state = base64url(randomBytes(32));
      const verifier = base64url(randomBytes(32));
      const now = Date.now();
      entries.set(state, { user: input.user, verifier, returnUrl: input.returnUrl, mode: input.mode, createdAt: now, expiresAt: now + ttlMs, consumed: false, ...(input.attempt ? { attempt: input.attempt } : {}) });
      return { state, codeChallenge: base64url(createHash('sha256').update(verifier).digest()) };
    },
    async consume(state): Promise<ConsumeResult> {
      const entry = entries.get(state);
      if (!entry) return { ok: false, reason: 'state_unknown' };
      if (entry.consumed) return { ok: false, reason: 'state_replayed' };
      if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'state_expired' };
      entry.consumed = true;
      return { ok: true, pending: { id: state, user: entry.user, verifier: entry.verifier, returnUrl: entry.returnUrl, mode: entry.mode } };
    },
    async recordOutcome(id, outcome) {
      const entry = entries.get(id);
      if (entry) entry.outcome = outcome;
    },
    async outcomeOf(user, attempt) {
      const found = [...entries.values()]
        .filter((entry) => entry.attempt === attempt && userKeyString(entry.user) === userKeyString(user) && entry.expiresAt > Date.now())
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      return found?.outcome ?? null;
    },
    async returnTargetOf(state) {
      const entry = entries.get(state);
      return entry ? { returnUrl: entry.returnUrl, mode: entry.mode } : null;
    },
  };
}

/**
 * HealthEx's OAuth client for in-process tests: hands out one code per authorization URL it was
 * asked for (`codeFor`), exchanges each code once, checking the PKCE verifier, and records revocations.
 * `unreachable` makes every call fail the way an unreachable HealthEx does; `requireIss` makes it
 * announce RFC 9207 `iss`.
 */
export function inMemoryHealthex(options: { issuer?: string } = {}) {
  const issuer = options.issuer ?? 'https://healthex.test';
  const codes = new Map<string, { state: string; challenge: string; used: boolean }>();
  const revoked: { token: string; hint: string }[] = [];
  let unreachable = false;
  let requireIss = false;
  let issued = 0;
  const fail = () => {
    if (unreachable) throw new HealthexUnavailableError('HealthEx is unreachable (test)');
  };
  const client: HealthexClient = {
    async authorizationUrl({ state, codeChallenge }) {
      fail();
      const code = base64url(randomBytes(16));
      codes.set(code, { state, challenge: codeChallenge, used: false });
      const url = new URL('/oauth/authorize', issuer);
      url.search = new URLSearchParams({ state, code_challenge: codeChallenge, code_challenge_method: 'S256', test_code: code }).toString();
      return url;
    },
    async issuerParameterRequired() {
      return requireIss;
    },
    async exchangeCode(callbackUrl, checks) {
      fail();
      const code = callbackUrl.searchParams.get('code') ?? '';
      const grant = codes.get(code);
      const challenge = base64url(createHash('sha256').update(checks.verifier).digest());
      if (!grant || grant.used || grant.state !== checks.state || grant.challenge !== challenge) throw new GrantRefusedError('invalid_grant');
      grant.used = true;
      issued += 1;
      return { accessToken: `access-${issued}`, refreshToken: `refresh-${issued}`, expiresAt: new Date(Date.now() + 3_600_000), scope: ['patient/*.read', 'offline_access'] };
    },
    async refresh() {
      fail();
      throw new GrantRefusedError('invalid_grant');
    },
    async revoke(token, hint) {
      fail();
      revoked.push({ token, hint });
    },
  };
  return {
    issuer,
    client,
    revoked,
    set unreachable(value: boolean) {
      unreachable = value;
    },
    /** Whether the metadata announces RFC 9207 `iss` on the callback (then it must be there). */
    set requireIss(value: boolean) {
      requireIss = value;
    },
    /** The code HealthEx would send back for an authorization URL it built. */
    codeFor(authorizationUrl: string): string {
      return new URL(authorizationUrl).searchParams.get('test_code') ?? '';
    },
  };
}

/** An audit log that keeps what it is told, in order. */
export function inMemoryAudit(): AuditLog & { events: AuditEventInput[] } {
  const events: AuditEventInput[] = [];
  return {
    events,
    async record(event) {
      events.push(event);
    },
  };
}
