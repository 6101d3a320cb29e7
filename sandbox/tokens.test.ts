import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from './start-sandbox.js';
import { connect, registerPublicClient } from './test-client.js';

let sandbox: Sandbox;
let config: client.Configuration;
beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: 2 });
  config = await registerPublicClient(sandbox);
});
afterAll(() => sandbox?.close());

const ava = { username: 'ava@sandbox.healthex.test' };
const ben = { username: 'ben@sandbox.healthex.test' };
const carmen = { username: 'carmen@sandbox.healthex.test' };

describe('refresh token rotation', () => {
  it('returns a new refresh token on every refresh and refuses the old one, revoking the grant', async () => {
    const first = await connect(config, ava);
    const second = await client.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(await sandbox.introspect(second.access_token)).toMatchObject({ active: true, sub: 'patient-ava' });

    // Reusing the consumed token is refused…
    await expect(client.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // …and, as HealthEx warns, the whole grant is gone: the newest tokens stop working too.
    await expect(client.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await sandbox.introspect(second.access_token)).toEqual({ active: false });
  });
});

describe('revocation (RFC 7009)', () => {
  it('revoking the refresh token ends the grant: introspection says inactive', async () => {
    const tokens = await connect(config, ben);
    expect((await sandbox.introspect(tokens.refresh_token!)).active).toBe(true);
    await client.tokenRevocation(config, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    expect(await sandbox.introspect(tokens.refresh_token!)).toEqual({ active: false });
    expect(await sandbox.introspect(tokens.access_token)).toEqual({ active: false });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revoking an unknown token still answers 200', async () => {
    await expect(client.tokenRevocation(config, 'not-a-token')).resolves.toBeUndefined();
  });
});

describe('access token lifetime', () => {
  it('uses the configured TTL', async () => {
    const tokens = await connect(config, carmen);
    expect(tokens.expires_in).toBe(2);
    expect((await sandbox.introspect(tokens.access_token)).active).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await sandbox.introspect(tokens.access_token)).toEqual({ active: false });
    // The refresh token outlives it and gets a fresh access token.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await sandbox.introspect(refreshed.access_token)).active).toBe(true);
  });
});

describe('revokeGrantsOf', () => {
  it("revokes every grant of one patient, leaving other patients' grants alone", async () => {
    const first = await connect(config, ava);
    const second = await connect(config, ava);
    const other = await connect(config, ben);

    expect(await sandbox.revokeGrantsOf('patient-ava')).toBe(2);
    await expect(client.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await sandbox.introspect(first.access_token)).toEqual({ active: false });
    await expect(client.refreshTokenGrant(config, other.refresh_token!)).resolves.toMatchObject({ token_type: expect.any(String) });
    expect(await sandbox.revokeGrantsOf('patient-ava')).toBe(0);
  });
});

describe('stats', () => {
  it('counts grants by type, failed refreshes, registrations and revocations', async () => {
    const own = await startSandbox();
    try {
      const ownConfig = await registerPublicClient(own);
      const tokens = await connect(ownConfig, ava);
      const rotated = await client.refreshTokenGrant(ownConfig, tokens.refresh_token!);
      await expect(client.refreshTokenGrant(ownConfig, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      const again = await connect(ownConfig, ben);
      await client.tokenRevocation(ownConfig, again.refresh_token!);
      expect(rotated.refresh_token).toBeDefined();

      expect(own.stats()).toEqual({
        grants: { authorization_code: 2, refresh_token: 1 },
        failedRefreshes: 1,
        registrations: 1,
        revocations: 1,
        grantsRevoked: 2, // the reuse and the revocation
      });
    } finally {
      await own.close();
    }
  });
});
