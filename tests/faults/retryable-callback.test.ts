/**
 * T48 (SECURITY.md): HealthEx's token endpoint fails transiently (503, timeout) while the patient
 * comes back from consenting. HealthEx still holds the code unused, so the sign-in is not thrown
 * away: the page offers "Try again" — the same callback, once more, within the code's 5-minute
 * life — and it works once HealthEx answers. A second transient failure, or a definitive refusal
 * (invalid_grant), consumes the sign-in as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultStack, type FaultStack } from '../../testkit/faults/fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ env: { HEALTHEX_TIMEOUT_SECONDS: '1' } });
});
afterAll(() => stack?.close());

/** The "Try again" link of a callback page, or null. */
function tryAgainLink(html: string): string | null {
  const match = /<a class="back" href="([^"]+)">Try again<\/a>/.exec(html);
  return match ? match[1]!.replace(/&#38;/g, '&') : null;
}

for (const mode of ['error', 'hang'] as const) {
  it(`${mode}: the page offers "Try again" (no automatic way back), and the same callback then connects`, { timeout: 30_000 }, async () => {
    const user = `retry-${mode}`;
    const callback = await stack.authorize(user, `patient-${user}`);
    stack.healthex.tokenEndpoint = mode;
    const failed = await stack.get(callback);
    stack.healthex.tokenEndpoint = 'ok';
    expect(failed.status).toBe(502);
    const html = await failed.text();
    expect(html).toContain('Your sign-in is still valid for a few minutes: try again now.');
    expect(html).not.toContain('http-equiv="refresh"'); // waits for the patient instead
    expect(html).toContain('healthex_error=HEALTHEX_UNAVAILABLE'); // the way back is still there
    const retry = tryAgainLink(html);
    expect(retry).toBe(callback.href.replace(/^http:\/\/127\.0\.0\.1:\d+/, stack.service.url));
    const pending = await stack.db.collection('pending_authorizations').findOne({ userSub: user });
    expect(pending).toMatchObject({ consumedAt: null, retriedAt: expect.any(Date) });
    expect(pending!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    const retried = await stack.get(retry!);
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toContain('healthex_result=authorized');
    expect((await stack.api(await stack.tokenFor(user)).connection.status.query()).state).toBe('authorized');
  });
}

it('only once: a second transient failure consumes the sign-in, and a third try is refused as used', { timeout: 30_000 }, async () => {
  const callback = await stack.authorize('retry-twice', 'patient-retry-twice');
  stack.healthex.tokenEndpoint = 'error';
  const first = await (await stack.get(callback)).text();
  const second = await stack.get(tryAgainLink(first)!);
  stack.healthex.tokenEndpoint = 'ok';
  expect(second.status).toBe(502);
  expect(tryAgainLink(await second.text())).toBeNull();
  const third = await stack.get(callback);
  expect(third.status).toBe(400);
  expect(await third.text()).toContain('already used');
  expect(await stack.db.collection('connections').countDocuments({ userSub: 'retry-twice' })).toBe(0);
});

it('a definitive refusal (invalid_grant) consumes the sign-in at once: no "Try again"', async () => {
  const callback = await stack.authorize('retry-refused', 'patient-retry-refused');
  const forged = new URL(callback);
  forged.searchParams.set('code', 'a-code-healthex-never-issued');
  const refused = await stack.get(forged);
  expect(refused.status).toBe(400);
  expect(tryAgainLink(await refused.text())).toBeNull();
  expect((await stack.get(callback)).status).toBe(400); // the state is used up
});
