/**
 * How a host back end (Salus, or a partner) mints a connect token for its signed-in user: a JWT
 * with `iss` (the host, as configured in CONNECT_TOKEN_ISSUERS), `sub` (its user id), `aud`
 * (CONNECT_TOKEN_AUDIENCE) and an expiry of minutes. HS256 with the shared secret shown here; a
 * host may sign with its own private key instead (RS256/ES256/EdDSA, configured by public key/JWKS).
 */
import { SignJWT } from 'jose';

export interface MintOptions {
  issuer: string;
  subject: string;
  /** The shared secret (at least 32 bytes). */
  secret: Uint8Array;
  audience?: string;
  /** Default 300 seconds. */
  lifetimeSeconds?: number;
}

export function mintConnectToken({ issuer, subject, secret, audience = 'healthex-connect', lifetimeSeconds = 300 }: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(secret);
}
