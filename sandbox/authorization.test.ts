import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuthorizationPageError, completeAuthorization } from './complete-authorization.js';
import { startSandbox, type Sandbox } from './start-sandbox.js';
import { TEST_REDIRECT_URI, buildAuthorization, registerPublicClient } from './test-client.js';

let sandbox: Sandbox;
let config: client.Configuration;
beforeAll(async () => {
  sandbox = await startSandbox({ variants: { callbackIss: true } }); // the variant with RFC 9207 iss; unknowns.test.ts plays both
  config = await registerPublicClient(sandbox, 'Salus <AI> & Co');
});
afterAll(() => sandbox?.close());

describe('authorization code + PKCE (S256)', () => {
  it('logs in, picks providers, consents and exchanges the code for access and refresh tokens', async () => {
    const started = await buildAuthorization(config);
    const callback = await completeAuthorization(started.url.href, {
      username: 'ava@sandbox.healthex.test',
      providers: ['riverside-health', 'valley-labs'],
      decision: 'allow',
    });

    expect(`${callback.origin}${callback.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(started.state);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer); // RFC 9207

    // openid-client also checks iss against the metadata and the verifier against the challenge.
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: started.verifier, expectedState: started.state });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.access_token.split('.')).toHaveLength(1); // opaque, not a JWT
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope?.split(' ').sort()).toEqual(['offline_access', 'patient/*.read']);
    expect(tokens.expires_in).toBe(3600);
    expect(tokens).not.toHaveProperty('id_token');

    const introspection = await sandbox.introspect(tokens.access_token);
    expect(introspection).toMatchObject({
      active: true,
      sub: 'patient-ava',
      client_id: config.clientMetadata().client_id,
      iss: sandbox.issuer,
      healthex_providers: ['riverside-health', 'valley-labs'],
    });
    expect(sandbox.stats().grants.authorization_code).toBe(1);
  });

  it('issues no refresh token when offline_access is not asked for', async () => {
    const started = await buildAuthorization(config, { scope: 'patient/*.read' });
    const callback = await completeAuthorization(started.url.href, { username: 'ben@sandbox.healthex.test', decision: 'allow' });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: started.verifier, expectedState: started.state });
    expect(tokens.scope).toBe('patient/*.read');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a code exchange with the wrong verifier', async () => {
    const started = await buildAuthorization(config);
    const callback = await completeAuthorization(started.url.href, { username: 'ben@sandbox.healthex.test', decision: 'allow' });
    await expect(
      client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: started.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('sends the patient back with access_denied, state and iss when they deny', async () => {
    const started = await buildAuthorization(config);
    const callback = await completeAuthorization(started.url.href, { username: 'carmen@sandbox.healthex.test', decision: 'deny' });
    expect(`${callback.origin}${callback.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(started.state);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it.each([
    ['a plain challenge', { code_challenge_method: 'plain' }],
    ['no challenge at all', { code_challenge: '', code_challenge_method: '' }],
  ])('refuses %s with invalid_request at the redirect URI', async (_label, override) => {
    const started = await buildAuthorization(config);
    for (const [key, value] of Object.entries(override)) {
      if (value) started.url.searchParams.set(key, value);
      else started.url.searchParams.delete(key);
    }
    const response = await fetch(started.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe(started.state);
  });

  it('matches the redirect URI exactly and never redirects to an unregistered one', async () => {
    const started = await buildAuthorization(config);
    started.url.searchParams.set('redirect_uri', `${TEST_REDIRECT_URI}/extra`);
    const response = await fetch(started.url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('sandbox interaction pages', () => {
  it('shows the test-data banner, the test accounts and an accessible login form', async () => {
    const started = await buildAuthorization(config);
    const first = await fetch(started.url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const page = await fetch(new URL(first.headers.get('location') ?? '', started.url), { headers: { cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toContain('HealthEx sandbox — test data only');
    expect(html).toContain('ava@sandbox.healthex.test');
    expect(html).toContain('patient-ava');
    expect(html).toContain('<label for="password">');
    expect(html).toContain('Salus &#60;AI&#62; &#38; Co'); // client_name is escaped
    expect(html).not.toContain('<script');
  });

  it('keeps the patient on the login page with a clear error for a wrong password', async () => {
    const started = await buildAuthorization(config);
    const attempt = completeAuthorization(started.url.href, { username: 'ava@sandbox.healthex.test', password: 'wrong', decision: 'allow' });
    await expect(attempt).rejects.toBeInstanceOf(AuthorizationPageError);
    await expect(attempt).rejects.toThrow('That email and password do not match a test patient');
  });

  it('requires at least one provider', async () => {
    const started = await buildAuthorization(config);
    await expect(completeAuthorization(started.url.href, { username: 'ava@sandbox.healthex.test', providers: [], decision: 'allow' })).rejects.toThrow(
      'Choose at least one provider',
    );
  });

  it('names the client and the scopes on the consent page', async () => {
    // Walk the steps by hand up to the consent page to read it.
    const started = await buildAuthorization(config);
    const first = await fetch(started.url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const interaction = new URL(first.headers.get('location') ?? '', started.url);
    const post = (step: string, body: string) =>
      fetch(`${interaction.href}/${step}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post('login', 'username=BEN%40sandbox.healthex.test&password=sandbox')).status).toBe(303);
    expect((await post('providers', 'provider=northlake-clinic')).status).toBe(303);
    const html = await (await fetch(interaction, { headers: { cookie } })).text();
    expect(html).toContain('Allow Salus &#60;AI&#62; &#38; Co to access your records?');
    expect(html).toContain('Ben Okafor');
    expect(html).toContain('patient/*.read');
    expect(html).toContain('offline_access');
    expect(html).toContain('Northlake Clinic (Cerner)');
    expect(html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
    expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
  });

  it('refuses a form post without the interaction cookie', async () => {
    const started = await buildAuthorization(config);
    const first = await fetch(started.url, { redirect: 'manual' });
    const interaction = new URL(first.headers.get('location') ?? '', started.url);
    const response = await fetch(`${interaction.href}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=ava%40sandbox.healthex.test&password=sandbox',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This sign-in has expired');
  });
});
