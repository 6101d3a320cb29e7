/**
 * Service credentials: hashes only in configuration, weak or malformed entries refused at start-up
 * by variable name, constant-time lookup of a presented secret, per-credential feature and issuer limits.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { checkServiceSecret, mayActAs, mayActFor, parseServiceCredentials, serviceSecretHash } from './service-credentials.js';

const secret = randomBytes(32).toString('base64url');

const baseEnv = {
  TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1',
  CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: 'https://salus.test', secret: randomBytes(32).toString('base64url'), allowedOrigins: ['https://app.salus.test'] }]),
};

async function problemsOf(env: Record<string, string>): Promise<string[]> {
  try {
    await loadConfig({ ...baseEnv, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('SERVICE_CREDENTIALS', () => {
  it('accepts hashed credentials, defaults to none, and derives the MCP URL from the issuer', async () => {
    const config = await loadConfig({ ...baseEnv, SERVICE_CREDENTIALS: JSON.stringify([{ name: 'health-decisions-service', secretSha256: serviceSecretHash(secret), issuers: ['https://salus.test'] }]) });
    expect(config.serviceCredentials.map((credential) => [credential.name, credential.issuers])).toEqual([['health-decisions-service', ['https://salus.test']]]);
    expect(config.records).toEqual({ mcpUrl: 'https://api.healthex.io/mcp', summaryCacheSeconds: 60 });
    expect((await loadConfig(baseEnv)).serviceCredentials).toEqual([]);
  });

  it('refuses plain secrets, malformed or empty-secret hashes, duplicates and bad names, by variable', async () => {
    const hash = serviceSecretHash(secret);
    const issuers = ['https://salus.test'];
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /SERVICE_CREDENTIALS: not valid JSON/],
      [[{ name: 'svc', secret, issuers }], /SERVICE_CREDENTIALS\[0/],
      [[{ name: 'svc', secretSha256: hash }], /SERVICE_CREDENTIALS\[0\.issuers\]/],
      [[{ name: 'svc', secretSha256: hash, issuers: [] }], /SERVICE_CREDENTIALS\[0\.issuers\]: must name at least one issuer/],
      [[{ name: 'svc', secretSha256: hash, issuers: ['https://partner.test'] }], /"svc" names issuer "https:\/\/partner\.test", which is not in CONNECT_TOKEN_ISSUERS/],
      [[{ name: 'svc', secretSha256: 'abc', issuers }], /SERVICE_CREDENTIALS\[0\.secretSha256\]: must be the hex SHA-256/],
      [[{ name: 'svc', secretSha256: serviceSecretHash(''), issuers }], /hash of an empty secret/],
      [[{ name: 'Svc One', secretSha256: hash, issuers }], /SERVICE_CREDENTIALS\[0\.name\]/],
      [[{ name: 'a', secretSha256: hash, issuers }, { name: 'b', secretSha256: hash.toUpperCase(), issuers }], /shares its secret/],
      [[{ name: 'a', secretSha256: hash, issuers }, { name: 'a', secretSha256: serviceSecretHash(`${secret}x`), issuers }], /appears twice/],
    ];
    for (const [value, problem] of cases) {
      const problems = await problemsOf({ SERVICE_CREDENTIALS: typeof value === 'string' ? value : JSON.stringify(value) });
      expect(problems.join('\n')).toMatch(problem);
      expect(problems.join('\n')).not.toContain(secret);
    }
    expect((await problemsOf({ HEALTHEX_MCP_URL: 'http://records.example.com/mcp' })).join('\n')).toMatch(/HEALTHEX_MCP_URL: must use https/);
  });
});

describe('checkServiceSecret', () => {
  const { credentials } = parseServiceCredentials(
    JSON.stringify([
      { name: 'limited', secretSha256: serviceSecretHash(secret), issuers: ['https://salus.test'], features: ['health-decisions'] },
      { name: 'platform', secretSha256: serviceSecretHash(`${secret}-platform`), issuers: ['https://salus.test', 'https://partner.test'] },
    ]),
  );

  it('finds the credential a secret belongs to, and refuses missing, short and unknown ones', () => {
    expect(checkServiceSecret(credentials, secret)).toMatchObject({ ok: true, credential: { name: 'limited' } });
    expect(checkServiceSecret(credentials, `${secret}-platform`)).toMatchObject({ ok: true, credential: { name: 'platform' } });
    expect(checkServiceSecret(credentials, null)).toEqual({ ok: false, reason: 'service_credential_missing' });
    expect(checkServiceSecret(credentials, 'too-short')).toEqual({ ok: false, reason: 'service_credential_invalid' });
    expect(checkServiceSecret(credentials, randomBytes(32).toString('base64url'))).toEqual({ ok: false, reason: 'service_credential_invalid' });
    expect(checkServiceSecret([], secret)).toEqual({ ok: false, reason: 'service_credential_invalid' });
  });

  it('limits a credential to its features', () => {
    const [limited, platform] = credentials;
    expect(mayActAs(limited!, 'health-decisions')).toBe(true);
    expect(mayActAs(limited!, 'determine-diagnosis')).toBe(false);
    expect(mayActAs(platform!, 'determine-diagnosis')).toBe(true);
  });

  it('limits a credential to the users of the issuers (host sites) it names, by exact match', () => {
    const [limited, platform] = credentials;
    expect(mayActFor(limited!, 'https://salus.test')).toBe(true);
    expect(mayActFor(limited!, 'https://partner.test')).toBe(false);
    expect(mayActFor(limited!, 'https://salus.test/')).toBe(false);
    expect(mayActFor(limited!, 'https://salus.test.evil')).toBe(false);
    expect(mayActFor(platform!, 'https://partner.test')).toBe(true);
  });
});
