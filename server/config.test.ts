import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const key = () => randomBytes(32).toString('base64');
const validEnv = () => ({
  TOKEN_ENCRYPTION_KEYS: `a:${key()},b:${key()}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY: 'b',
  CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: 'https://salusai.health', secret: key(), allowedOrigins: ['https://salusai.health', 'https://www.salusai.health'] }]),
});

async function problemsOf(env: Record<string, string>): Promise<string[]> {
  try {
    await loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads a valid environment with production defaults', async () => {
    const config = await loadConfig(validEnv());
    expect(config.healthex.issuer).toBe('https://api.healthex.io');
    expect(config.healthex.allowInsecureHttp).toBe(false);
    expect(config.redirectUri).toBe('http://127.0.0.1:4000/auth/healthex/callback');
    expect(config.keyRing.activeKid).toBe('b');
    expect([...config.allowedOrigins]).toEqual(['https://salusai.health', 'https://www.salusai.health']);
    expect(config.pendingAuthorizationTtlSeconds).toBeGreaterThanOrEqual(1800);
  });

  it('names every missing variable at once', async () => {
    const problems = await problemsOf({});
    expect(problems.join('\n')).toMatch(/TOKEN_ENCRYPTION_KEYS: is required/);
    expect(problems.join('\n')).toMatch(/TOKEN_ENCRYPTION_ACTIVE_KEY/);
    expect(problems.join('\n')).toMatch(/CONNECT_TOKEN_ISSUERS: is required/);
  });

  it('refuses weak keys and secrets, and unknown active keys', async () => {
    expect(await problemsOf({ ...validEnv(), TOKEN_ENCRYPTION_KEYS: `a:${Buffer.alloc(32).toString('base64')}`, TOKEN_ENCRYPTION_ACTIVE_KEY: 'a' })).toEqual([
      expect.stringMatching(/TOKEN_ENCRYPTION_KEYS: encryption key "a" looks weak/),
    ]);
    expect(await problemsOf({ ...validEnv(), TOKEN_ENCRYPTION_ACTIVE_KEY: 'zzz' })).toEqual([expect.stringMatching(/active key "zzz" is not in the key ring/)]);
    const shortSecret = JSON.stringify([{ issuer: 'x', secret: randomBytes(16).toString('base64'), allowedOrigins: ['https://a.example'] }]);
    expect(await problemsOf({ ...validEnv(), CONNECT_TOKEN_ISSUERS: shortSecret })).toEqual([expect.stringMatching(/CONNECT_TOKEN_ISSUERS\[0.secret\]: must decode to at least 32 bytes/)]);
  });

  it('refuses malformed issuers, origins with paths and plain-http HealthEx off loopback', async () => {
    expect(await problemsOf({ ...validEnv(), CONNECT_TOKEN_ISSUERS: '{' })).toEqual([expect.stringMatching(/not valid JSON/)]);
    const withPath = JSON.stringify([{ issuer: 'x', secret: key(), allowedOrigins: ['https://a.example/path'] }]);
    expect((await problemsOf({ ...validEnv(), CONNECT_TOKEN_ISSUERS: withPath })).join()).toMatch(/bare origin/);
    const twoKeys = JSON.stringify([{ issuer: 'x', secret: key(), jwksUrl: 'https://a.example/jwks', allowedOrigins: ['https://a.example'] }]);
    expect((await problemsOf({ ...validEnv(), CONNECT_TOKEN_ISSUERS: twoKeys })).join()).toMatch(/exactly one of/);
    expect(await problemsOf({ ...validEnv(), HEALTHEX_ISSUER: 'http://healthex.example' })).toEqual([expect.stringMatching(/HEALTHEX_ISSUER: must use https/)]);
    expect(await problemsOf({ ...validEnv(), PENDING_AUTHORIZATION_TTL_SECONDS: '600' })).toEqual([expect.stringMatching(/PENDING_AUTHORIZATION_TTL_SECONDS/)]);
    expect((await loadConfig({ ...validEnv(), HEALTHEX_ISSUER: 'http://127.0.0.1:4010' })).healthex.allowInsecureHttp).toBe(true);
  });
});
