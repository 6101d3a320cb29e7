/** NODE_ENV=production refuses a half-configured service in one message; other environments are unchanged. */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const complete = {
  MONGODB_URI: 'mongodb://db-0.internal:27017/?replicaSet=rs0',
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1',
  CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: 'https://salus.test', secret: randomBytes(32).toString('base64url'), allowedOrigins: ['https://app.salus.test'] }]),
  PUBLIC_URL: 'https://connect.salus.test',
};

/** The configuration problems reported for `env` (none when it loads). */
const problemsOf = (env: Record<string, string>): Promise<string[]> =>
  loadConfig(env).then(
    () => [],
    (error: unknown) => (error instanceof ConfigError ? error.problems : Promise.reject(error)),
  );

it('lists everything production lacks, once each, in one error', async () => {
  const problems = await problemsOf({ NODE_ENV: 'production' });
  expect(problems.map((problem) => problem.split(':')[0])).toEqual(['MONGODB_URI', 'TOKEN_ENCRYPTION_KEYS', 'TOKEN_ENCRYPTION_ACTIVE_KEY', 'CONNECT_TOKEN_ISSUERS', 'PUBLIC_URL']);
  expect(problems[0]).toMatch(/embedded engine is for the demo and tests only/);
});

it('refuses plain-http public and HealthEx URLs in production, even on loopback', async () => {
  const problems = await problemsOf({ ...complete, NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1:4000', HEALTHEX_ISSUER: 'http://127.0.0.1:4010' });
  expect(problems).toEqual([expect.stringMatching(/^PUBLIC_URL: .*https.*"http:\/\/127\.0\.0\.1:4000"/), expect.stringMatching(/^HEALTHEX_ISSUER: must be an https/)]);
});

it('starts with a complete production configuration, and development keeps its defaults', async () => {
  expect((await loadConfig({ ...complete, NODE_ENV: 'production' })).publicUrl).toBe('https://connect.salus.test');
  const { MONGODB_URI: _uri, PUBLIC_URL: _url, ...development } = complete;
  expect((await loadConfig(development)).mongodb.uri).toBeUndefined(); // the demo may start its engine
});

it('refuses per-process rate-limit counts in production, and allows them elsewhere', async () => {
  const problems = await problemsOf({ ...complete, NODE_ENV: 'production', RATE_LIMIT_STORE: 'memory' });
  expect(problems).toEqual([expect.stringMatching(/^RATE_LIMIT_STORE: "memory" .*refused when NODE_ENV=production/)]);
  expect(await problemsOf({ ...complete, NODE_ENV: 'production', RATE_LIMIT_STORE: 'mongodb' })).toEqual([]);
  expect(await problemsOf({ ...complete, RATE_LIMIT_STORE: 'memory' })).toEqual([]);
});
