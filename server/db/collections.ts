/**
 * The four collections (docs/architecture.md section 5) and their indexes, created at start-up. Documents hold
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

/** An audit event as stored: a link of the hash chain (audit/audit-chain.ts). */
export interface AuditEventDocument extends Omit<AuditEvent, 'user'> {
  /** The event's number in the one chain: 1, 2, 3, … (unique by being the `_id`). */
  _id: number;
  userIss?: string;
  userSub?: string;
  /** The previous event's `hash` (GENESIS_HASH for event 1). */
  prevHash: string;
  /** SHA-256 of this event's canonical form, `prevHash` included. */
  hash: string;
}

export interface Collections {
  oauthClients: Collection<OAuthClientDocument>;
  pendingAuthorizations: Collection<PendingAuthorizationDocument>;
  connections: Collection<ConnectionDocument>;
  auditEvents: Collection<AuditEventDocument>;
}

export function collectionsOf(db: Db): Collections {
  return {
    oauthClients: db.collection<OAuthClientDocument>('oauth_clients'),
    pendingAuthorizations: db.collection<PendingAuthorizationDocument>('pending_authorizations'),
    connections: db.collection<ConnectionDocument>('connections'),
    auditEvents: db.collection<AuditEventDocument>('audit_events'),
  };
}

export async function ensureIndexes(collections: Collections): Promise<void> {
  await collections.oauthClients.createIndex({ issuer: 1, redirectUri: 1 }, { unique: true });
  // A real MongoDB deletes expired pending authorizations; the embedded engine keeps them, so every
  // read also filters on expiresAt.
  await collections.pendingAuthorizations.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  await collections.connections.createIndex({ userIss: 1, userSub: 1 }, { unique: true });
  await collections.auditEvents.createIndex({ userIss: 1, userSub: 1, at: -1 });
}
