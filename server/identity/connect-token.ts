/**
 * Connect-token verification. The widget carries a short-lived JWT minted by the host's back end for
 * its signed-in user; the user key is its `iss` + `sub`. Refusals carry a reason for the audit log
 * and a message safe to show; neither ever includes the token.
 */
import { decodeJwt, errors, jwtVerify } from 'jose';
import type { TrustedIssuer } from './trusted-issuers.js';
import type { UserKey } from './user-key.js';

export type ConnectTokenVerification =
  | { ok: true; user: UserKey; issuer: TrustedIssuer; /** `iat`, seconds since the epoch: state-changing calls need a recent one. */ issuedAt: number }
  | { ok: false; reason: ConnectTokenRefusal; message: string };

export type ConnectTokenRefusal =
  | 'missing'
  | 'malformed'
  | 'unknown_issuer'
  | 'bad_signature'
  | 'expired'
  | 'wrong_audience'
  | 'lifetime_too_long'
  | 'invalid_claims';

export interface ConnectTokenPolicy {
  audience: string;
  /** Longest lifetime (exp - iat) accepted, so a leaked token is useful for minutes, not days. */
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

const MESSAGES: Record<ConnectTokenRefusal, string> = {
  missing: 'A connect token is required (Authorization: Bearer …).',
  malformed: 'The connect token is not a valid JWT.',
  unknown_issuer: 'The connect token was issued by an issuer this service does not trust.',
  bad_signature: 'The connect token signature is not valid.',
  expired: 'The connect token has expired; ask the host page for a fresh one.',
  wrong_audience: 'The connect token is not meant for this service.',
  lifetime_too_long: 'The connect token lives too long; connect tokens must expire within minutes.',
  invalid_claims: 'The connect token lacks required claims (iss, sub, aud, exp, iat).',
};

function refuse(reason: ConnectTokenRefusal): ConnectTokenVerification {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Reads the bearer token from an Authorization header value. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

export async function verifyConnectToken(
  token: string | null,
  issuers: ReadonlyMap<string, TrustedIssuer>,
  policy: ConnectTokenPolicy,
): Promise<ConnectTokenVerification> {
  if (token === null || token === '') return refuse('missing');
  let unverifiedIssuer: unknown;
  try {
    unverifiedIssuer = decodeJwt(token).iss;
  } catch {
    return refuse('malformed');
  }
  // The issuer is read before verification only to pick the key; it is verified with the signature.
  const issuer = typeof unverifiedIssuer === 'string' ? issuers.get(unverifiedIssuer) : undefined;
  if (issuer === undefined) return refuse('unknown_issuer');
  try {
    const { payload } = await jwtVerify(token, issuer.key as Parameters<typeof jwtVerify>[1], {
      issuer: issuer.issuer,
      audience: policy.audience,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: policy.clockToleranceSeconds,
      // Also refuses an `iat` in the future: exp - iat alone would let a token dated ahead live for years.
      maxTokenAge: policy.maxLifetimeSeconds,
      algorithms: ['HS256', 'RS256', 'ES256', 'EdDSA'],
    });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256) return refuse('invalid_claims');
    if (payload.exp! - payload.iat! > policy.maxLifetimeSeconds) return refuse('lifetime_too_long');
    return { ok: true, user: { iss: issuer.issuer, sub: payload.sub }, issuer, issuedAt: payload.iat! };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse('expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') return refuse('wrong_audience');
      if (error.claim === 'exp') return refuse('expired');
      return refuse('invalid_claims');
    }
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
      return refuse('bad_signature');
    }
    if (error instanceof errors.JWKSNoMatchingKey) return refuse('bad_signature');
    return refuse('malformed');
  }
}
