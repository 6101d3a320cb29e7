/**
 * Service credentials for Salus back-end services calling the back-end API (not connect tokens:
 * those are for browsers and name a user; these name a calling service). Configuration holds only
 * SHA-256 hashes of the secrets, so a leaked config or log does not leak a credential; a presented
 * secret is hashed and compared in constant time against every configured hash.
 *
 * `SERVICE_CREDENTIALS` is a JSON array of `{ name, secretSha256, issuers, features? }`:
 * - `name` — who the caller is (logs, audit), e.g. `health-decisions-service`;
 * - `secretSha256` — hex SHA-256 of the secret; generate a secret with `openssl rand -base64 32`;
 * - `issuers` — the host sites (connect-token issuers, as in CONNECT_TOKEN_ISSUERS) whose users this
 *   caller may act for. Required: under HIPAA's minimum-necessary rule a host's back end reaches only
 *   its own users, so a credential never silently covers every host;
 * - `features` — optional allow-list of the Salus feature names this caller may act as.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Secrets shorter than this are refused before any comparison: 32 random base64 bytes are 43+. */
export const MIN_SECRET_LENGTH = 32;
const MAX_SECRET_LENGTH = 512;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** A Salus feature or service name: lower-case words joined by dashes, e.g. `health-decisions`. */
export const featureName = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes').max(64);

const credentialConfig = z
  .object({
    name: featureName,
    secretSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 of the secret (64 hex digits)')
      .refine((hash) => hash.toLowerCase() !== EMPTY_SHA256, 'is the hash of an empty secret'),
    issuers: z.array(z.string().url().max(2048)).min(1, 'must name at least one issuer (host site) whose users this credential may act for'),
    features: z.array(featureName).min(1).optional(),
  })
  .strict();

export interface ServiceCredential {
  name: string;
  /** The issuers (host sites) whose users this credential may act for. */
  issuers: readonly string[];
  /** Undefined: any feature name. */
  features?: readonly string[];
  hash: Buffer;
}

/** Parses `SERVICE_CREDENTIALS`; returns every problem at once, by entry. */
export function parseServiceCredentials(json: string): { credentials: ServiceCredential[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { credentials: [], problems: [`SERVICE_CREDENTIALS: not valid JSON (${(error as Error).message})`] };
  }
  const parsed = z.array(credentialConfig).safeParse(raw);
  if (!parsed.success) {
    return { credentials: [], problems: parsed.error.issues.map((issue) => `SERVICE_CREDENTIALS[${issue.path.join('.')}]: ${issue.message}`) };
  }
  const problems: string[] = [];
  const names = new Set<string>();
  const hashes = new Set<string>();
  for (const entry of parsed.data) {
    if (names.has(entry.name)) problems.push(`SERVICE_CREDENTIALS: name "${entry.name}" appears twice`);
    if (hashes.has(entry.secretSha256.toLowerCase())) problems.push(`SERVICE_CREDENTIALS: "${entry.name}" shares its secret with another credential`);
    names.add(entry.name);
    hashes.add(entry.secretSha256.toLowerCase());
  }
  const credentials = parsed.data.map((entry) => ({
    name: entry.name,
    issuers: entry.issuers,
    ...(entry.features ? { features: entry.features } : {}),
    hash: Buffer.from(entry.secretSha256, 'hex'),
  }));
  return { credentials, problems };
}

/** The hex SHA-256 to put in `SERVICE_CREDENTIALS` for a secret. */
export function serviceSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export type CredentialCheck = { ok: true; credential: ServiceCredential } | { ok: false; reason: 'service_credential_missing' | 'service_credential_invalid' };

/**
 * Finds the credential a presented secret belongs to. Every configured hash is compared (no early
 * exit), each comparison in constant time, so timing reveals neither which nor whether one matched.
 */
export function checkServiceSecret(credentials: readonly ServiceCredential[], presented: string | null): CredentialCheck {
  if (presented === null || presented === '') return { ok: false, reason: 'service_credential_missing' };
  if (presented.length < MIN_SECRET_LENGTH || presented.length > MAX_SECRET_LENGTH) return { ok: false, reason: 'service_credential_invalid' };
  const hash = createHash('sha256').update(presented, 'utf8').digest();
  let found: ServiceCredential | undefined;
  for (const credential of credentials) {
    if (timingSafeEqual(hash, credential.hash) && found === undefined) found = credential;
  }
  return found ? { ok: true, credential: found } : { ok: false, reason: 'service_credential_invalid' };
}

/** Whether a credential may act for a user of this issuer (host site); exact match, no prefixes. */
export function mayActFor(credential: ServiceCredential, issuer: string): boolean {
  return credential.issuers.includes(issuer);
}

/** Whether a credential may act as a feature. */
export function mayActAs(credential: ServiceCredential, feature: string): boolean {
  return credential.features === undefined || credential.features.includes(feature);
}
