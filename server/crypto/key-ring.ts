/**
 * Token encryption at rest (docs/architecture.md section 6; HIPAA §164.312(a)(2)(iv), (c)(1)): AES-256-GCM
 * with a key ring. One key is active and seals; every key in the ring opens. The additional
 * authenticated data binds each ciphertext to its owner and purpose, so a ciphertext copied to
 * another user's record, or used as a different kind of secret, fails to open. GCM's tag detects
 * tampering.
 *
 * Sealed form: `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url parts) — a plain string, so it can be
 * stored in any field and searched for in tests.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type SealPurpose = 'access_token' | 'refresh_token' | 'pkce_verifier';

export interface SealContext {
  purpose: SealPurpose;
  /** Who the secret belongs to, e.g. `userKeyString(user)`. */
  owner: string;
}

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly activeKid: string;

  constructor(keys: ReadonlyMap<string, Buffer>, activeKid: string) {
    for (const [kid, key] of keys) {
      if (!KID_PATTERN.test(kid)) throw new Error(`key id "${kid}" must be 1-32 characters of A-Z a-z 0-9 _ -`);
      const weakness = keyWeakness(key);
      if (weakness) throw new Error(`encryption key "${kid}" ${weakness}`);
    }
    if (!keys.has(activeKid)) throw new Error(`the active key "${activeKid}" is not in the key ring`);
    this.#keys = keys;
    this.activeKid = activeKid;
  }

  seal(plaintext: string, context: SealContext): string {
    const key = this.#keys.get(this.activeKid)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(additionalData(this.activeKid, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.activeKid, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, context: SealContext): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError('not a sealed value');
    const [, kid, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    const key = this.#keys.get(kid);
    if (!key) throw new DecryptionError(`sealed with key "${kid}", which is not in the key ring`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(additionalData(kid, context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // Wrong owner, wrong purpose, tampered bytes: all look the same from here, on purpose.
      throw new DecryptionError('the sealed value failed authentication');
    }
  }

  /** True when the value was sealed with a key other than the active one (re-encrypt it). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.activeKid;
  }
}

function additionalData(kid: string, context: SealContext): Buffer {
  return Buffer.from(JSON.stringify(['healthex-connect', VERSION, kid, context.purpose, context.owner]), 'utf8');
}

/** Why a key is unfit, or null. Catches the usual mistakes: wrong length, a repeated byte, a pattern. */
export function keyWeakness(key: Buffer): string | null {
  if (key.length !== KEY_BYTES) return `must be exactly ${KEY_BYTES} bytes (got ${key.length}); generate one with: openssl rand -base64 32`;
  if (new Set(key).size < 16) return 'looks weak (too few distinct bytes); generate one with: openssl rand -base64 32';
  return null;
}

/** Parses `kid:base64key,kid2:base64key`. */
export function parseKeyList(value: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    if (separator <= 0) throw new Error('each key must be written as <kid>:<base64 key>');
    const kid = entry.slice(0, separator);
    if (keys.has(kid)) throw new Error(`key id "${kid}" appears twice`);
    keys.set(kid, Buffer.from(entry.slice(separator + 1).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }
  if (keys.size === 0) throw new Error('at least one key is required');
  return keys;
}
