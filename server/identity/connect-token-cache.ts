/**
 * Remembers successful connect-token verifications, so a widget that calls several times with the
 * same token pays for the signature check once. Verifying costs ~80 µs of CPU per request even with
 * the key imported once (jose + WebCrypto HMAC, an async job per call; bench/RESULTS.md, throughput);
 * a hit costs a map lookup and the time checks below.
 *
 * What makes it safe:
 * - Keyed by the exact token string: any other string, even one decoding to the same claims, is
 *   verified in full. Refusals are never cached, so an attacker cannot fill the cache and a fixed
 *   problem (clock, configuration) is not remembered.
 * - Every use re-checks what time can change: `exp`, the token's age (`iat` + the longest lifetime),
 *   and `nbf`/`iat` not in the future (the clock may step back), with the same tolerance and the
 *   same second rounding as jose. A failed check drops the entry and verifies in full, so the
 *   refusal (reason, message, audit) is exactly what an uncached verification gives.
 * - Bounded (least recently used goes first), and tokens longer than any real connect token are not
 *   kept, so the memory it can take is bounded too. Tokens live minutes, so entries do too.
 * The issuers and their keys are fixed for the life of the process (configuration is read at start);
 * a JWKS issuer's key rotation applies to new tokens, as jose's own JWKS cache would.
 */
import { decodeJwt } from 'jose';
import { verifyConnectToken, type ConnectTokenPolicy, type ConnectTokenVerification } from './connect-token.js';
import type { TrustedIssuer } from './trusted-issuers.js';

export const DEFAULT_MAX_ENTRIES = 10_000;
/** Real connect tokens are ~250–900 characters (HS256 to RS256 with a long subject). */
export const MAX_CACHED_TOKEN_LENGTH = 4096;

interface Entry {
  verification: Extract<ConnectTokenVerification, { ok: true }>;
  exp: number;
  iat: number;
  nbf: number | undefined;
}

export interface CachedVerifierOptions {
  maxEntries?: number;
  /** Milliseconds since the epoch; tests move it. jose reads the same clock (Date). */
  now?: () => number;
}

export interface CachedConnectTokenVerifier {
  verify(token: string | null): Promise<ConnectTokenVerification>;
  readonly size: number;
}

export function createCachedConnectTokenVerifier(
  issuers: ReadonlyMap<string, TrustedIssuer>,
  policy: ConnectTokenPolicy,
  options: CachedVerifierOptions = {},
): CachedConnectTokenVerifier {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const tolerance = policy.clockToleranceSeconds;
  const entries = new Map<string, Entry>();

  /** The checks jose makes that depend on the time, as jose makes them (whole seconds). */
  function stillValid(entry: Entry): boolean {
    const seconds = Math.floor(now() / 1000);
    if (entry.exp <= seconds - tolerance) return false;
    const age = seconds - entry.iat;
    if (age - tolerance > policy.maxLifetimeSeconds || age < -tolerance) return false;
    return entry.nbf === undefined || entry.nbf <= seconds + tolerance;
  }

  return {
    get size() {
      return entries.size;
    },
    async verify(token) {
      if (token === null || token === '' || token.length > MAX_CACHED_TOKEN_LENGTH) return verifyConnectToken(token, issuers, policy);
      const entry = entries.get(token);
      if (entry !== undefined) {
        entries.delete(token); // re-inserted below when still valid: the most recently used is last
        if (stillValid(entry)) {
          entries.set(token, entry);
          return entry.verification;
        }
      }
      const verification = await verifyConnectToken(token, issuers, policy);
      if (!verification.ok) return verification;
      // Verified, so these claims are present and numeric (jose checked exp, iat and any nbf).
      const claims = decodeJwt(token);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      const frozen = Object.freeze({ ...verification, user: Object.freeze({ ...verification.user }) });
      entries.set(token, { verification: frozen, exp: claims.exp!, iat: claims.iat!, nbf: claims.nbf });
      return frozen;
    },
  };
}
