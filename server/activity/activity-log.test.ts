/**
 * `activity.log` over real HTTP: the patient sees the events on their own connection (authorized,
 * confirmed, used by which feature, refreshed, disconnected, revoked), newest first, in a safe view
 * with no secrets or internal details, and never another user's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthDecisionsContext } from '../../demo/salus-features/health-decisions.js';
import { connectUser, expireStoredAccessToken } from '../../testkit/stack/connected-users.js';
import { appCodeOf, startTestStack, TEST_ISSUER, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

const feature = () => ({ connectServiceUrl: stack.service.url, serviceSecret: stack.serviceSecret });

describe('activity.log', () => {
  it('lists what happened to the connection, with the feature that used it, newest first', async () => {
    const user = await connectUser(stack, 'al-ava', 'ava@sandbox.healthex.test');
    expect(await healthDecisionsContext(feature(), user.user)).toMatchObject({ ok: true });
    await expireStoredAccessToken(stack, user.sub);
    expect(await healthDecisionsContext(feature(), user.user)).toMatchObject({ ok: true });
    const api = stack.api(user.connectToken);
    await api.connection.disconnect.mutate();

    const { events } = await api.activity.log.query();
    // Several events can share a millisecond, so compare as a multiset and check the order by time.
    const seen = events.map((event) => `${event.action}/${event.outcome}${event.feature ? `/${event.feature}` : ''}`).sort();
    expect(seen).toEqual(
      [
        'authorized/success',
        'confirmed/success',
        'used/success/health-decisions',
        'refreshed/success',
        'used/success/health-decisions',
        'disconnected/success',
        'revoked/success',
      ].sort(),
    );
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events[events.length - 1]!.action).toBe('authorized');

    // The safe view only: no request ids, reasons, user keys or anything stored besides.
    for (const event of events) {
      expect(Object.keys(event).every((key) => ['at', 'action', 'outcome', 'feature'].includes(key))).toBe(true);
      expect(new Date(event.at).toISOString()).toBe(event.at);
    }
    const stored = await stack.db.collection('audit_events').find({ userSub: 'al-ava' }).toArray();
    const payload = JSON.stringify(events);
    for (const document of stored) if (document['requestId']) expect(payload).not.toContain(document['requestId']);
    expect(payload).not.toContain('al-ava');
  });

  it('returns the latest N events only, and refuses a limit above 50', async () => {
    const user = await connectUser(stack, 'al-limit', 'carmen@sandbox.healthex.test');
    const api = stack.api(user.connectToken);
    expect((await api.activity.log.query({ limit: 1 })).events).toEqual([expect.objectContaining({ action: 'confirmed' })]);
    expect((await api.activity.log.query()).events.map((event) => event.action).sort()).toEqual(['authorized', 'confirmed']);
    expect(await appCodeOf(api.activity.log.query({ limit: 51 }))).toBe('INVALID_INPUT');
  });
});

describe('isolation between users', () => {
  it("never shows another user's events, including the same subject at another issuer", async () => {
    const owner = await connectUser(stack, 'al-owner', 'ben@sandbox.healthex.test');
    expect(await healthDecisionsContext(feature(), owner.user)).toMatchObject({ ok: true });

    // Events of look-alike users, written straight to the audit collection.
    const at = new Date(Date.now() + 60_000); // newer than anything real, so they would come first
    await stack.db.collection('audit_events').insertMany([
      { action: 'token.use', outcome: 'success', actor: 'other-issuer-feature', userIss: 'https://partner.test', userSub: 'al-owner', at },
      { action: 'token.use', outcome: 'success', actor: 'other-user-feature', userIss: TEST_ISSUER, userSub: 'al-owner-2', at },
      { action: 'token.use', outcome: 'success', actor: 'no-user-feature', at },
    ]);

    const mine = (await stack.api(owner.connectToken).activity.log.query()).events;
    expect(mine.map((event) => event.feature).filter(Boolean)).toEqual(['health-decisions']);

    const stranger = await stack.tokenFor('al-stranger');
    expect((await stack.api(stranger).activity.log.query()).events).toEqual([]);
    expect(await appCodeOf(stack.api(null).activity.log.query())).toBe('UNAUTHENTICATED');
  });
});
