/**
 * `records.summary` over real HTTP: the counts per category equal the sandbox's data for the
 * patient and providers the user shared, only for `connected` users, cached briefly, and never
 * another user's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsOf, summaryCounts, visibleRecords } from '../../demo/sandbox/start-sandbox.js';
import { connectUser } from '../../testkit/stack/connected-users.js';
import { appCodeOf, startTestStack, TEST_ORIGIN, type TestStack } from '../../testkit/stack/test-stack.js';
import { RECORD_CATEGORIES } from './record-categories.js';

const ALL_PROVIDERS = ['riverside-health', 'northlake-clinic', 'valley-labs'];

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

/** The sandbox's own counts, in the connect page's category ids and order. */
function expectedCategories(patientId: string, providers: string[]) {
  const counts = summaryCounts(visibleRecords(recordsOf(patientId), providers));
  const sandboxKey = { labs: 'lab_results', imaging: 'imaging_reports', hospital: 'hospital_records' } as Record<string, keyof typeof counts>;
  return RECORD_CATEGORIES.map((category) => ({ category, count: counts[sandboxKey[category] ?? (category as keyof typeof counts)] }));
}

const summaryUses = (sub: string) => stack.db.collection('audit_events').countDocuments({ action: 'token.use', userSub: sub, actor: 'connect-records-summary' });

describe('records.summary', () => {
  it("shows the sandbox patient's real counts for every category, in the seed page's order", async () => {
    const ava = await connectUser(stack, 'rs-ava', 'ava@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    const summary = await stack.api(ava.connectToken).records.summary.query();
    expect(summary.categories).toEqual(expectedCategories('patient-ava', ALL_PROVIDERS));
    expect(summary.categories).toEqual([
      { category: 'labs', count: 8 },
      { category: 'medications', count: 3 },
      { category: 'visit_notes', count: 4 },
      { category: 'diagnoses', count: 3 },
      { category: 'imaging', count: 2 },
      { category: 'hospital', count: 1 },
      { category: 'immunizations', count: 3 },
      { category: 'procedures', count: 2 },
      { category: 'allergies', count: 2 },
    ]);
    expect(Date.parse(summary.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(summary).sort()).toEqual(['categories', 'fetchedAt']);
  });

  it('counts only the providers the patient shared, and reports an empty category as 0', async () => {
    const ben = await connectUser(stack, 'rs-ben', 'ben@sandbox.healthex.test', { providers: ['northlake-clinic'] });
    const summary = await stack.api(ben.connectToken).records.summary.query();
    expect(summary.categories).toEqual(expectedCategories('patient-ben', ['northlake-clinic']));
    expect(summary.categories).toContainEqual({ category: 'allergies', count: 0 });
    expect(summary.categories).toContainEqual({ category: 'diagnoses', count: 4 });
  });

  it('is cached briefly: a second call does not ask HealthEx again', async () => {
    const carmen = await connectUser(stack, 'rs-cache', 'carmen@sandbox.healthex.test');
    const api = stack.api(carmen.connectToken);
    const [first, second] = await Promise.all([api.records.summary.query(), api.records.summary.query()]);
    const third = await api.records.summary.query();
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await summaryUses('rs-cache')).toBe(1);
  });

  it('answers NOT_CONNECTED unless connected, also right after a disconnect with a warm cache', async () => {
    const token = await stack.tokenFor('rs-never');
    expect(await appCodeOf(stack.api(token).records.summary.query())).toBe('NOT_CONNECTED');

    const pending = await connectUser(stack, 'rs-pending', 'ava@sandbox.healthex.test', { confirm: false });
    expect(await appCodeOf(stack.api(pending.connectToken).records.summary.query())).toBe('NOT_CONNECTED');

    const leaving = await connectUser(stack, 'rs-leaving', 'ava@sandbox.healthex.test');
    const api = stack.api(leaving.connectToken);
    await api.records.summary.query();
    await api.connection.disconnect.mutate();
    expect(await appCodeOf(api.records.summary.query())).toBe('NOT_CONNECTED');
  });

  it('never serves the previous authorization: reconnecting as another patient shows the new counts at once', async () => {
    const first = await connectUser(stack, 'rs-switch', 'ava@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    const api = stack.api(first.connectToken);
    expect((await api.records.summary.query()).categories).toEqual(expectedCategories('patient-ava', ALL_PROVIDERS));
    await api.connection.disconnect.mutate();
    await connectUser(stack, 'rs-switch', 'ben@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    expect((await api.records.summary.query()).categories).toEqual(expectedCategories('patient-ben', ALL_PROVIDERS));
  });
});

describe('isolation between users', () => {
  it("one user never gets another user's summary, whatever they send", async () => {
    const owner = await connectUser(stack, 'rs-owner', 'ava@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    await stack.api(owner.connectToken).records.summary.query(); // warm the owner's cache entry
    const other = await connectUser(stack, 'rs-other', 'carmen@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    expect((await stack.api(other.connectToken).records.summary.query()).categories).toEqual(expectedCategories('patient-carmen', ALL_PROVIDERS));

    // An input naming another user is ignored: the user is always the connect token's.
    const input = encodeURIComponent(JSON.stringify({ user: { sub: 'rs-owner' }, sub: 'rs-owner' }));
    const stranger = await stack.tokenFor('rs-stranger');
    const answer = await fetch(`${stack.service.url}/trpc/records.summary?input=${input}`, { headers: { authorization: `Bearer ${stranger}`, origin: TEST_ORIGIN } });
    const body = await answer.json();
    expect(answer.status).toBe(409);
    expect(body.error.data.appCode).toBe('NOT_CONNECTED');
    expect(JSON.stringify(body)).not.toContain('"count"');

    // Without a connect token: nothing at all.
    expect(await appCodeOf(stack.api(null).records.summary.query())).toBe('UNAUTHENTICATED');
  });
});
