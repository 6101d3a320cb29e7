import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from './start-sandbox.js';
import { TEST_REDIRECT_URI, registerPublicClient } from './test-client.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

describe('sandbox discovery (RFC 8414)', () => {
  it('listens on 127.0.0.1 with the real port in the issuer', () => {
    expect(sandbox.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.issuer).not.toMatch(/:0$/);
  });

  it("publishes exactly HealthEx's documented example metadata: no iss support, no introspection, no MCP URL", async () => {
    const response = await fetch(`${sandbox.issuer}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    const at = (path: string) => `${sandbox.issuer}${path}`;
    expect(metadata).toEqual({
      issuer: sandbox.issuer,
      authorization_endpoint: at('/oauth/authorize'),
      token_endpoint: at('/oauth/token'),
      revocation_endpoint: at('/oauth/revoke'),
      registration_endpoint: at('/oauth/register'),
      scopes_supported: ['patient/*.read', 'offline_access'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('has no introspection endpoint (HealthEx documents none)', async () => {
    const response = await fetch(`${sandbox.issuer}/oauth/introspect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' });
    expect(response.status).toBe(404);
  });

  it('has no OpenID configuration document', async () => {
    const response = await fetch(`${sandbox.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
  });

  it('works with openid-client discovery only in OAuth 2.0 mode', async () => {
    const options = { execute: [client.allowInsecureRequests] };
    const config = await client.discovery(new URL(sandbox.issuer), 'any-client', undefined, client.None(), { ...options, algorithm: 'oauth2' });
    expect(config.serverMetadata().token_endpoint).toBe(`${sandbox.issuer}/oauth/token`);
    await expect(client.discovery(new URL(sandbox.issuer), 'any-client', undefined, client.None(), options)).rejects.toThrow();
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  it('registers a public client for code + refresh with PKCE instead of a secret', async () => {
    const before = sandbox.stats().registrations;
    const config = await registerPublicClient(sandbox, 'Salus AI');
    const metadata = config.clientMetadata();
    expect(metadata.client_id).toEqual(expect.any(String));
    expect(metadata.client_secret).toBeUndefined();
    expect(metadata).toMatchObject({
      client_name: 'Salus AI',
      token_endpoint_auth_method: 'none',
      redirect_uris: [TEST_REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'patient/*.read offline_access',
      client_secret_expires_at: 0, // documented
    });
    expect(metadata['client_id_issued_at']).toEqual(expect.any(Number));
    expect(sandbox.stats().registrations).toBe(before + 1);
  });

  it('refuses a scope HealthEx does not offer', async () => {
    const response = await fetch(`${sandbox.issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [TEST_REDIRECT_URI], token_endpoint_auth_method: 'none', scope: 'patient/*.write' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_client_metadata' });
  });
});
