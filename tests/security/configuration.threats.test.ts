/**
 * T26 (SECURITY.md, HIPAA §164.312(a)(2)(iv) encryption and (e)(1) transmission security): a
 * deployment that starts with a weak or missing key, or talks to HealthEx or browsers in the clear.
 * The service must refuse to start, naming each problem.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const key = () => randomBytes(32).toString('base64');
const issuers = (secret = key()) => JSON.stringify([{ issuer: 'https://salusai.health', secret, allowedOrigins: ['https://salusai.health'] }]);
const valid = () => ({ TOKEN_ENCRYPTION_KEYS: `k1:${key()}`, TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1', CONNECT_TOKEN_ISSUERS: issuers() });

async function problemsOf(env: Record<string, string | undefined>): Promise<string> {
  try {
    await loadConfig(env as NodeJS.ProcessEnv);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('T26 a weak key or a cleartext channel in the configuration', () => {
  it('refuses to start without an encryption key, or with a short, patterned or unknown one', async () => {
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_KEYS: undefined })).toMatch(/TOKEN_ENCRYPTION_KEYS/);
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(16).toString('base64')}` })).toMatch(/TOKEN_ENCRYPTION_KEYS: .*32 bytes/);
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` })).toMatch(/looks weak/);
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.from('abcdefgh'.repeat(4)).toString('base64')}` })).toMatch(/looks weak/);
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_ACTIVE_KEY: 'k9' })).toMatch(/active key "k9" is not in the key ring/);
    expect(await problemsOf({ ...valid(), TOKEN_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}` })).toMatch(/appears twice/);
  });

  it('refuses a connect-token secret under 32 bytes', async () => {
    expect(await problemsOf({ ...valid(), CONNECT_TOKEN_ISSUERS: issuers(randomBytes(16).toString('base64')) })).toMatch(/at least 32 bytes/);
  });

  it('refuses plain http to HealthEx or for our public URL, except on loopback (the sandbox, the demo)', async () => {
    expect(await problemsOf({ ...valid(), HEALTHEX_ISSUER: 'http://api.healthex.io' })).toMatch(/HEALTHEX_ISSUER: must use https/);
    expect(await problemsOf({ ...valid(), PUBLIC_URL: 'http://connect.salusai.health' })).toMatch(/PUBLIC_URL: must use https/);
    expect(await problemsOf({ ...valid(), HEALTHEX_ISSUER: 'http://127.0.0.1:9000', PUBLIC_URL: 'http://127.0.0.1:4000' })).toBe('');
  });

  it('refuses abuse limits that are missing their meaning (zero, negative, or a body limit under 1 KiB)', async () => {
    expect(await problemsOf({ ...valid(), RATE_LIMIT_BEGIN_PER_MINUTE: '0' })).toMatch(/RATE_LIMIT_BEGIN_PER_MINUTE/);
    expect(await problemsOf({ ...valid(), RATE_LIMIT_CALLBACK_PER_MINUTE: '-5' })).toMatch(/RATE_LIMIT_CALLBACK_PER_MINUTE/);
    expect(await problemsOf({ ...valid(), REQUEST_BODY_LIMIT_BYTES: '10' })).toMatch(/REQUEST_BODY_LIMIT_BYTES/);
    expect(await problemsOf({ ...valid(), TRUST_PROXY: 'yes' })).toMatch(/TRUST_PROXY/);
    const defaults = await loadConfig(valid());
    expect(defaults.limits).toEqual({ beginPerMinute: 30, callbackPerMinute: 30, store: 'mongodb', maxBatchSize: 10, requestBodyBytes: 16384 });
    expect(await problemsOf({ ...valid(), RATE_LIMIT_STORE: 'redis' })).toMatch(/RATE_LIMIT_STORE/);
    expect(await problemsOf({ ...valid(), TRPC_MAX_BATCH_SIZE: '0' })).toMatch(/TRPC_MAX_BATCH_SIZE/);
    expect(defaults.trustProxy).toBe(false);
  });
});
