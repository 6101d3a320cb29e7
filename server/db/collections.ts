/**
 * The collections (docs/architecture.md section 5) and their indexes, created at start-up. Documents hold
 * secrets only in sealed form (see crypto/key-ring.ts).
 */
import type { Collection, Db, ObjectId } from 'mongodb';
import type { AuditEvent } from '../audit/audit-log.js';
import type { ConnectionState, DisplayMode } from 'healthex-connect-contract';

/** One dynamic client registration per HealthEx issuer + redirect URI. */
export interface OAuthClientDocument {
  _id: string; // `${issuer} ${redirectUri}`
  issuer: string;
  redirectUri: string;
  /** Set once registration finished; absent while one process holds the claim to register. */
  clientId?: string;
  claimedAt: Date;
  registeredAt?: Date;
}

/** A begun authorization waiting for its callback. `_id` is the SHA-256 of `state`. */
export interface PendingAuthorizationDocument {
  _id: string;
  userIss: string;
  userSub: string;
  sealedVerifier: string;
  returnUrl: string;
  mode: DisplayMode;
  createdAt: Date;
  expiresAt: Date;
  /** Set atomically by the callback that consumes it; a second callback finds it set. */
  consumedAt: Date | null;
  /** SHA-256 of the user and the widget's attempt nonce (issue 13), when the widget sent one. */
  attemptHash?: string;
  /** Set when a transient HealthEx failure gave it back for one more try of the same callback. */
  retriedAt?: Date;
  /** What the callback that consumed it ended with: `connection.attempt` reports it to the widget. */
  outcome?: { result: 'authorized' | 'denied' | 'error'; code?: string };
}

export type StoredConnectionState = Exclude<ConnectionState, 'not_connected'>;

/** One per user while they have (or had, for reauth_required) tokens. Absent means not_connected. */
export interface ConnectionDocument {
  _id?: ObjectId;
  userIss: string;
  userSub: string;
  state: StoredConnectionState;
  scope: string[];
  sealedAccessToken: string | null;
  sealedRefreshToken: string | null;
  accessTokenExpiresAt: Date | null;
  authorizedAt: Date;
  connectedAt: Date | null;
  updatedAt: Date;
  /** Incremented on every token change, for compare-and-set. */
  version: number;
  /** Held by the one caller refreshing the tokens; others wait for `version` to move. */
  refreshLease: { id: string; until: Date } | null;
}

/** Why a revocation job exists: which path erased the tokens it revokes. */
export type RevocationCause = 'disconnect' | 'replaced' | 'reauth_required' | 'not_stored' | 'refresh_not_stored';

/**
 * The revocation outbox (connections/revocation-outbox.ts): tokens we no longer keep for use, held
 * sealed only until HealthEx confirms their revocation (or they are past their lifetime), then
 * erased with the job. Each token is sealed bound to this job, so it opens nowhere else.
 */
export interface RevocationJobDocument {
  _id: string;
  userIss: string;
  userSub: string;
  cause: RevocationCause;
  /** The request that erased the tokens (for the audit trail). */
  requestId?: string;
  /** Still to revoke, refresh token first (RFC 7009 §2.1: revoking it may end its access tokens too). */
  tokens: { hint: 'refresh_token' | 'access_token'; sealed: string; until: Date }[];
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastFailure: string | null;
  /** Held by the one process sending this job's revocations; others skip it until it expires. */
  lease: { id: string; until: Date } | null;
}

/** An audit event as stored: a link of one writer's hash chain (audit/audit-chain.ts). */
export interface AuditEventDocument extends Omit<AuditEvent, 'user'> {
  _id?: ObjectId;
  /** The writer's chain: one per service process (or tool run), named when it starts. */
  chain: string;
  /** The event's number in its chain: 1, 2, 3, … (unique with `chain` by the index below). */
  seq: number;
  userIss?: string;
  userSub?: string;
  /** The previous event's `hash` in the same chain (GENESIS_HASH for number 1). */
  prevHash: string;
  /** SHA-256 of this event's canonical form, `prevHash` included. */
  hash: string;
  /** For `audit.checkpoint`: the heads of the chains that moved since the previous checkpoint. */
  checkpoint?: AuditChainHead[];
}

export interface AuditChainHead {
  chain: string;
  seq: number;
  hash: string;
}

/**
 * One per audit chain (writer): who it is, and the latest head it has stored. `dirty` until a
 * checkpoint has bound that head.
 */
export interface AuditChainDocument {
  _id: string;
  startedAt: Date;
  instance: string;
  head: { seq: number; hash: string } | null;
  dirty: boolean;
}

export interface Collections {
  oauthClients: Collection<OAuthClientDocument>;
  pendingAuthorizations: Collection<PendingAuthorizationDocument>;
  connections: Collection<ConnectionDocument>;
  auditEvents: Collection<AuditEventDocument>;
  auditChains: Collection<AuditChainDocument>;
  revocationJobs: Collection<RevocationJobDocument>;
}

export function collectionsOf(db: Db): Collections {
  return {
    oauthClients: db.collection<OAuthClientDocument>('oauth_clients'),
    pendingAuthorizations: db.collection<PendingAuthorizationDocument>('pending_authorizations'),
    connections: db.collection<ConnectionDocument>('connections'),
    auditEvents: db.collection<AuditEventDocument>('audit_events'),
    auditChains: db.collection<AuditChainDocument>('audit_chains'),
    revocationJobs: db.collection<RevocationJobDocument>('revocation_jobs'),
  };
}

export async function ensureIndexes(collections: Collections): Promise<void> {
  await collections.oauthClients.createIndex({ issuer: 1, redirectUri: 1 }, { unique: true });
  // A real MongoDB deletes expired pending authorizations; the embedded engine keeps them, so every
  // read also filters on expiresAt.
  await collections.pendingAuthorizations.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  await collections.connections.createIndex({ userIss: 1, userSub: 1 }, { unique: true });
  await collections.auditEvents.createIndex({ userIss: 1, userSub: 1, at: -1 });
  await collections.revocationJobs.createIndex({ nextAttemptAt: 1 });
  await ensureAuditChainIndex(collections.auditEvents);
}

/**
 * Each number of a chain once. Only its own writer appends to a chain, so this never refuses a
 * correct write; it is a second guard — the verifier reports a duplicate or fork without it.
 */
export async function ensureAuditChainIndex(auditEvents: Collection<AuditEventDocument>): Promise<void> {
  // Partial: a document that belongs to no chain is not refused here — the verifier reports it.
  await auditEvents.createIndex({ chain: 1, seq: 1 }, { unique: true, name: 'audit_chain_seq', partialFilterExpression: { chain: { $exists: true } } });
}
