/**
 * Issue 13: the widget believes a result flag only when `connection.attempt` confirms it. Over real
 * HTTP against the sandbox: begin with the tab's nonce → HealthEx → callback (which records the
 * outcome) → `connection.attempt` answers it, for that user only, and nothing secret.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from 'healthex-sandbox';
import { appCodeOf, startTestStack, TEST_ORIGIN, TEST_RETURN_URL, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

/** Begins with `attempt` and returns the callback URL HealthEx sends back after `decision`. */
async function authorize(token: string, attempt: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const { authorizationUrl } = await stack.api(token).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect', attempt });
  return completeAuthorization(authorizationUrl, { username: 'ava@sandbox.healthex.test', decision });
}

describe('connection.attempt', () => {
  it('is null until the callback finished, then says authorized', async () => {
    const token = await stack.tokenFor('attempt-allow');
    const attempt = randomUUID();
    const callback = await authorize(token, attempt);
    expect(await stack.api(token).connection.attempt.query({ attempt })).toEqual({ result: null });
    const answer = await stack.get(callback);
    expect(answer.status).toBe(303);
    expect(new URL(answer.headers.get('location')!).searchParams.get('healthex_result')).toBe('authorized');
    expect(await stack.api(token).connection.attempt.query({ attempt })).toEqual({ result: 'authorized' });
  });

  it('says denied when the patient refused at HealthEx', async () => {
    const token = await stack.tokenFor('attempt-deny');
    const attempt = randomUUID();
    await stack.get(await authorize(token, attempt, 'deny'));
    expect(await stack.api(token).connection.attempt.query({ attempt })).toEqual({ result: 'denied' });
  });

  it('says error with its stable code when the callback failed', async () => {
    const token = await stack.tokenFor('attempt-error');
    const attempt = 'A'.repeat(22); // base64url, any nonce of 22 characters or more
    const callback = await authorize(token, attempt);
    callback.searchParams.delete('code');
    callback.searchParams.set('error', 'server_error');
    await stack.get(callback);
    expect(await stack.api(token).connection.attempt.query({ attempt })).toEqual({ result: 'error', code: 'AUTHORIZATION_FAILED' });
  });

  it("is null for another user's attempt, an unknown one, and one older than a pending authorization lives", async () => {
    const alice = await stack.tokenFor('attempt-alice');
    const mallory = await stack.tokenFor('attempt-mallory');
    const attempt = randomUUID();
    await stack.get(await authorize(alice, attempt));
    expect(await stack.api(mallory).connection.attempt.query({ attempt })).toEqual({ result: null });
    expect(await stack.api(alice).connection.attempt.query({ attempt: randomUUID() })).toEqual({ result: null });
    expect(await stack.api(alice).connection.attempt.query({ attempt })).toEqual({ result: 'authorized' });
    await stack.db.collection('pending_authorizations').updateMany({ userSub: 'attempt-alice' }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await stack.api(alice).connection.attempt.query({ attempt })).toEqual({ result: null });
  });

  it('stores only a hash of the nonce, bound to the user, and answers nothing but the result', async () => {
    const token = await stack.tokenFor('attempt-secret');
    const attempt = randomUUID();
    const callback = await authorize(token, attempt);
    await stack.get(callback);
    const stored = JSON.stringify(await stack.db.collection('pending_authorizations').find({ userSub: 'attempt-secret' }).toArray());
    expect(stored).not.toContain(attempt);
    expect(stored).toContain('"attemptHash"');
    const raw = await fetch(`${stack.service.url}/trpc/connection.attempt?input=${encodeURIComponent(JSON.stringify({ attempt }))}`, {
      headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN },
    });
    const body = await raw.text();
    expect(JSON.parse(body)).toEqual({ result: { data: { result: 'authorized' } } });
    for (const secret of [attempt, callback.searchParams.get('code')!, callback.searchParams.get('state')!]) expect(body).not.toContain(secret);
  });

  it('refuses bad input with INVALID_INPUT (400, never a 500), for begin and attempt alike', async () => {
    const token = await stack.tokenFor('attempt-bad');
    const api = stack.api(token);
    const bad: unknown[] = ['short', 'x'.repeat(65), `${'a'.repeat(30)}+/`, `${'a'.repeat(30)}=`, 42, null, ''];
    for (const attempt of bad) {
      expect(await appCodeOf(api.connection.attempt.query({ attempt } as never)), JSON.stringify(attempt)).toBe('INVALID_INPUT');
      expect(await appCodeOf(api.connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect', attempt } as never)), JSON.stringify(attempt)).toBe('INVALID_INPUT');
    }
    expect(await appCodeOf(api.connection.attempt.query({} as never))).toBe('INVALID_INPUT');
    expect(await appCodeOf(api.connection.attempt.query({ attempt: randomUUID(), extra: 1 } as never))).toBe('INVALID_INPUT');
    expect(await stack.db.collection('pending_authorizations').countDocuments({ userSub: 'attempt-bad' })).toBe(0);
    for (const input of ['not json', JSON.stringify({ attempt: ['a'.repeat(30)] })]) {
      const raw = await fetch(`${stack.service.url}/trpc/connection.attempt?input=${encodeURIComponent(input)}`, {
        headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN },
      });
      expect(raw.status).toBe(400);
      expect(await raw.text()).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('needs a connect token', async () => {
    expect(await appCodeOf(stack.api('').connection.attempt.query({ attempt: randomUUID() }))).toBe('UNAUTHENTICATED');
  });
});
