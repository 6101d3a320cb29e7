import { createLocalJWKSet, createRemoteJWKSet, importSPKI, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/**
 * A host back end that may mint connect tokens (Salus itself, each partner): its `iss`, how its
 * signatures are checked, and which page origins may use its tokens.
 */
export interface TrustedIssuer {
  issuer: string;
  allowedOrigins: string[];
  /** Resolves the verification key for a token header; built once from the configured key. */
  key: Uint8Array | JWTVerifyGetKey | CryptoKey;
  /** The host's name on the callback's pages ("Return to …"). */
  displayName?: string;
  /** The host's home page: the callback's pages link there when they cannot know the return URL. */
  homeUrl?: string;
  /** Where the host's patients get help (an http(s) or mailto: URL): the pages link it next to errors. */
  supportUrl?: string;
}

const origin = z
  .string()
  .url()
  .refine((value) => new URL(value).origin === value, 'must be a bare origin such as https://salusai.health (no path or trailing slash)');

const MIN_SECRET_BYTES = 32;

export const trustedIssuerConfig = z
  .object({
    issuer: z.string().min(1),
    allowedOrigins: z.array(origin).min(1),
    /** HS256 shared secret, base64 or base64url, at least 32 bytes. */
    secret: z.string().optional(),
    /** RS256/ES256/EdDSA public key in SPKI PEM form. */
    publicKeyPem: z.string().optional(),
    algorithm: z.enum(['RS256', 'ES256', 'EdDSA']).optional(),
    /** A JWKS document inline, or a URL serving one. */
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
    jwksUrl: z.string().url().optional(),
    /** Optional: the host's name and home page, for the callback's pages (no dead ends). */
    displayName: z.string().trim().min(1).max(80).optional(),
    homeUrl: z
      .string()
      .url()
      .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL')
      .optional(),
    supportUrl: z
      .string()
      .url()
      .refine((value) => /^(https?|mailto):$/.test(new URL(value).protocol), 'must be an http(s) or mailto: URL')
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const keySources = [value.secret, value.publicKeyPem, value.jwks, value.jwksUrl].filter((v) => v !== undefined);
    if (keySources.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of secret, publicKeyPem, jwks, jwksUrl' });
    }
    if (value.secret !== undefined && decodeSecret(value.secret).byteLength < MIN_SECRET_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: `must decode to at least ${MIN_SECRET_BYTES} bytes` });
    }
    if (value.publicKeyPem !== undefined && value.algorithm === undefined) {
      ctx.addIssue({ code: 'custom', path: ['algorithm'], message: 'is required with publicKeyPem' });
    }
  });
export type TrustedIssuerConfig = z.infer<typeof trustedIssuerConfig>;

function decodeSecret(secret: string): Uint8Array {
  return new Uint8Array(Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

export async function loadTrustedIssuer(config: TrustedIssuerConfig): Promise<TrustedIssuer> {
  const base = {
    issuer: config.issuer,
    allowedOrigins: config.allowedOrigins,
    ...(config.displayName !== undefined ? { displayName: config.displayName } : {}),
    ...(config.homeUrl !== undefined ? { homeUrl: config.homeUrl } : {}),
    ...(config.supportUrl !== undefined ? { supportUrl: config.supportUrl } : {}),
  };
  if (config.secret !== undefined) {
    // Imported once: given raw bytes, jose imports an HMAC key on every verification, which was the
    // costliest step of verifying a connect token (~85 µs of ~130 µs CPU; bench/RESULTS.md, throughput).
    const key = await crypto.subtle.importKey('raw', new Uint8Array(decodeSecret(config.secret)), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return { ...base, key };
  }
  if (config.publicKeyPem !== undefined) return { ...base, key: await importSPKI(config.publicKeyPem, config.algorithm!) };
  if (config.jwks !== undefined) return { ...base, key: createLocalJWKSet(config.jwks as Parameters<typeof createLocalJWKSet>[0]) };
  return { ...base, key: createRemoteJWKSet(new URL(config.jwksUrl!)) };
}
