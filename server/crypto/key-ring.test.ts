import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, KeyRing, keyWeakness, parseKeyList } from './key-ring.js';

const alice = { purpose: 'refresh_token' as const, owner: '["salus","alice"]' };
const bob = { purpose: 'refresh_token' as const, owner: '["salus","bob"]' };

function ring(active = 'k1', ...kids: string[]) {
  return new KeyRing(new Map((kids.length ? kids : [active]).map((kid) => [kid, randomBytes(32)])), active);
}

describe('KeyRing', () => {
  it('round-trips and never stores the plaintext', () => {
    const keys = ring();
    const sealed = keys.seal('rt-secret-value', alice);
    expect(sealed).not.toContain('rt-secret-value');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(keys.open(sealed, alice)).toBe('rt-secret-value');
  });

  it('refuses a ciphertext moved to another owner or used for another purpose', () => {
    const keys = ring();
    const sealed = keys.seal('rt-secret-value', alice);
    expect(() => keys.open(sealed, bob)).toThrow(DecryptionError);
    expect(() => keys.open(sealed, { ...alice, purpose: 'access_token' })).toThrow(DecryptionError);
  });

  it('detects tampering with any part', () => {
    const keys = ring();
    const parts = keys.seal('rt-secret-value', alice).split('.');
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      tampered[index] = bytes.toString('base64url');
      expect(() => keys.open(tampered.join('.'), alice)).toThrow(DecryptionError);
    }
    expect(() => keys.open('not-sealed', alice)).toThrow(DecryptionError);
  });

  it('opens with a retired key and reports the value as stale after rotation', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new KeyRing(new Map([['old', oldKey]]), 'old');
    const sealed = before.seal('v', alice);
    const after = new KeyRing(new Map([['old', oldKey], ['new', newKey]]), 'new');
    expect(after.open(sealed, alice)).toBe('v');
    expect(after.isStale(sealed)).toBe(true);
    expect(after.isStale(after.seal('v', alice))).toBe(false);
    const withoutOld = new KeyRing(new Map([['new', newKey]]), 'new');
    expect(() => withoutOld.open(sealed, alice)).toThrow(/not in the key ring/);
  });

  it('refuses weak or misconfigured keys', () => {
    expect(keyWeakness(Buffer.alloc(32, 7))).toMatch(/weak/);
    expect(keyWeakness(randomBytes(16))).toMatch(/exactly 32 bytes/);
    expect(keyWeakness(randomBytes(32))).toBeNull();
    expect(() => new KeyRing(new Map([['k1', randomBytes(32)]]), 'k2')).toThrow(/active key "k2"/);
    expect(() => parseKeyList('')).toThrow(/at least one/);
    expect(() => parseKeyList('nokid')).toThrow(/<kid>:<base64 key>/);
    const parsed = parseKeyList(`a:${randomBytes(32).toString('base64')}, b:${randomBytes(32).toString('base64url')}`);
    expect([...parsed.keys()]).toEqual(['a', 'b']);
    expect(parsed.get('b')!.length).toBe(32);
  });
});
