/**
 * The OAuth unknowns of docs/healthex-api.md, as the sandbox plays them: the callback with or
 * without RFC 9207 `iss` (never advertised), and a reused rotated refresh token that does or does
 * not revoke the grant (refused with invalid_grant either way, as documented). Plus the documented
 * 5-minute, single-use codes.
 */
import * as client from 'openid-client';
import { afterAll, describe, expect, it } from 'vitest';

import { completeAuthorization } from './complete-authorization.js';
import { MemoryStore } from './memory-store.js';
import { buildProviderConfig, createSigningKey } from './provider-config.js';
import { startSandbox, type Sandbox } from './start-sandbox.js';
import { buildAuthorization, connect, registerPublicClient } from './test-client.js';

const ava = { username: 'ava@sandbox.healthex.test' };
const started: Sandbox[] = [];
afterAll(() => Promise.all(started.map((sandbox) => sandbox.close())));
async function sandboxWith(variants: Parameters<typeof startSandbox>[0]) {
  const sandbox = await startSandbox(variants);
  started.push(sandbox);
  return { sandbox, config: await registerPublicClient(sandbox) };
}

describe.each([true, false])('callback iss: %s', (callbackIss) => {
  it(`${callbackIss ? 'carries' : 'omits'} iss, never advertises it, and openid-client accepts the answer`, async () => {
    const { sandbox, config } = await sandboxWith({ variants: { callbackIss } });
    expect(config.serverMetadata().authorization_response_iss_parameter_supported).toBeUndefined();
    const authorization = await buildAuthorization(config);
    const callback = await completeAuthorization(authorization.url.href, { ...ava, decision: 'allow' });
    expect(callback.searchParams.get('iss')).toBe(callbackIss ? sandbox.issuer : null);
    expect(callback.searchParams.get('state')).toBe(authorization.state);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: authorization.verifier, expectedState: authorization.state });
    expect(tokens.access_token).toEqual(expect.any(String));

    // Single use: the same code again is invalid_grant.
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: authorization.verifier, expectedState: authorization.state })).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

it('openid-client refuses a callback whose iss names another issuer, even though none is advertised', async () => {
  const { config } = await sandboxWith({ variants: { callbackIss: true } });
  const authorization = await buildAuthorization(config);
  const callback = await completeAuthorization(authorization.url.href, { ...ava, decision: 'allow' });
  callback.searchParams.set('iss', 'https://attacker.example');
  await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: authorization.verifier, expectedState: authorization.state })).rejects.toThrow();
});

describe.each([true, false])('reusing a rotated refresh token, revokes grant: %s', (refreshReuseRevokesGrant) => {
  it('is invalid_grant, and the rotated token works afterwards only when the grant survives', async () => {
    const { sandbox, config } = await sandboxWith({ variants: { refreshReuseRevokesGrant } });
    const tokens = await connect(config, ava);
    const rotated = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await sandbox.introspect(rotated.access_token)).active).toBe(!refreshReuseRevokesGrant);
    const next = client.refreshTokenGrant(config, rotated.refresh_token!);
    if (refreshReuseRevokesGrant) await expect(next).rejects.toMatchObject({ error: 'invalid_grant' });
    else await expect(next).resolves.toMatchObject({ access_token: expect.any(String) });
  });
});

it('codes live 5 minutes, as documented', async () => {
  const config = buildProviderConfig({ store: new MemoryStore(), accessTokenTtlSeconds: 3600, signingKey: await createSigningKey(), interactionTtlSeconds: 3600 });
  expect(config.ttl?.AuthorizationCode).toBe(300);
});
