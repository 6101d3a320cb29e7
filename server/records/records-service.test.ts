/**
 * `records.summary`, `records.sharing` and `records.update` over real HTTP against the sandbox in
 * each variant of HealthEx's unknowns: counts from the documented list tools in the 3-year window
 * (paging with beforeDate, bounded), imaging and hospital "included", one refresh on -32001
 * whatever its HTTP status, HealthEx's rate limit as `rate_limited`, audit names per purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOf, recordsOf, runQuery, startSandbox, VARIANT_SETS, visibleRecords, type Sandbox } from 'healthex-sandbox';
import { connectUser, expireStoredAccessToken } from '../../testkit/stack/connected-users.js';
import { appCodeOf, startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';
import { RECORDS_FEATURES } from './records-service.js';

const ALL_PROVIDERS = ['riverside-health', 'northlake-clinic', 'valley-labs'];
const TODAY = new Date().toISOString().slice(0, 10);
const TOOLS = { labs: 'get_labs', medications: 'get_medications', visit_notes: null, diagnoses: 'get_conditions', immunizations: 'get_immunizations', procedures: 'get_procedures', allergies: 'get_allergies' } as const;

/** The sandbox's own answer: what HealthEx would count in its default window. */
function expectedCategories(patientId: string, providers: string[]) {
  const visible = visibleRecords(recordsOf(patientId), providers);
  const inWindow = (records: typeof visible) => pageOf(records, {}, TODAY, 100_000).records.length;
  const count = (category: keyof typeof TOOLS) => {
    const tool = TOOLS[category];
    return inWindow(tool === null ? visible.filter((r) => r.resourceType === 'DocumentReference') : runQuery(visible, tool));
  };
  return ['labs', 'medications', 'visit_notes', 'diagnoses', 'imaging', 'hospital', 'immunizations', 'procedures', 'allergies'].map((category) =>
    category === 'imaging' || category === 'hospital' ? { category, kind: 'included' } : { category, kind: 'counted', count: count(category as keyof typeof TOOLS), more: false },
  );
}

describe.each(Object.entries(VARIANT_SETS))('records against the sandbox, variant %s', (_name, variants) => {
  let sandbox: Sandbox;
  let stack: TestStack;
  beforeAll(async () => {
    sandbox = await startSandbox({ variants, pageSize: 2, sync: { updateDurationMs: 30_000, updateIntervalSeconds: 3600 } });
    stack = await startTestStack({ sandbox });
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
  });
  const uses = (sub: string, actor: string) => stack.db.collection('audit_events').countDocuments({ action: 'token.use', userSub: sub, actor, outcome: 'success' });

  it('counts each category from its list tool in the 3-year window, paging with beforeDate; imaging and hospital are included', async () => {
    const ava = await connectUser(stack, 'rs-ava', 'ava@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    const summary = await stack.api(ava.connectToken).records.summary.query();
    expect(summary.categories).toEqual(expectedCategories('patient-ava', ALL_PROVIDERS));
    expect(summary.windowYears).toBe(3);
    expect(Date.parse(summary.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await uses('rs-ava', RECORDS_FEATURES.summary)).toBe(1);
  });

  it('is cached: concurrent and repeated calls ask HealthEx once', async () => {
    const carmen = await connectUser(stack, 'rs-cache', 'carmen@sandbox.healthex.test');
    const api = stack.api(carmen.connectToken);
    const [first, second] = await Promise.all([api.records.summary.query(), api.records.summary.query()]);
    expect(second).toEqual(first);
    expect(await api.records.summary.query()).toEqual(first);
    expect(await uses('rs-cache', RECORDS_FEATURES.summary)).toBe(1);
  });

  it('refreshes once on -32001 (whatever the HTTP status) and retries', async () => {
    const ben = await connectUser(stack, 'rs-expired', 'ben@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    // HealthEx refuses the stored token before its recorded expiry: the sandbox forgets it.
    await sandbox.revokeAccessTokensOf('patient-ben');
    const before = sandbox.stats().grants.refresh_token;
    const summary = await stack.api(ben.connectToken).records.summary.query();
    expect(summary.categories).toEqual(expectedCategories('patient-ben', ALL_PROVIDERS));
    expect(sandbox.stats().grants.refresh_token).toBe(before + 1);
    expect((await stack.api(ben.connectToken).connection.status.query()).state).toBe('connected');
  });

  it('ends in REAUTH_REQUIRED when the grant is gone at HealthEx', async () => {
    const gone = await connectUser(stack, 'rs-gone', 'carmen@sandbox.healthex.test');
    await sandbox.revokeGrantsOf('patient-carmen');
    expect(await appCodeOf(stack.api(gone.connectToken).records.sharing.query())).toBe('REAUTH_REQUIRED');
    expect((await stack.api(gone.connectToken).connection.status.query()).state).toBe('reauth_required');
  });

  it('sharing: last updated from check_records_status, organisations unknown; update starts, then is rate limited', async () => {
    sandbox.resetRecordsUpdates('patient-ava');
    const ava = await connectUser(stack, 'rs-update', 'ava@sandbox.healthex.test');
    const api = stack.api(ava.connectToken);
    const sharing = await api.records.sharing.query();
    expect(sharing).toMatchObject({ organisations: null, updating: false });
    expect(Date.parse(sharing.lastUpdatedAt!)).toBeLessThan(Date.now());

    expect(await api.records.update.mutate()).toEqual({ outcome: 'started' });
    expect(await api.records.sharing.query()).toMatchObject({ updating: true });
    const limited = await api.records.update.mutate();
    expect(limited).toEqual({ outcome: 'rate_limited', retryAfterSeconds: variants.rateLimitSignal === 'tool-error' ? null : expect.any(Number) });
    expect(await uses('rs-update', RECORDS_FEATURES.update)).toBe(2);
    expect(await uses('rs-update', RECORDS_FEATURES.status)).toBe(2);
  });
});

describe('bounds and missing tools', () => {
  let sandbox: Sandbox;
  let stack: TestStack;
  beforeAll(async () => {
    // Page size 1 and a fixed today: the counts below are known.
    sandbox = await startSandbox({ pageSize: 1, today: '2025-06-01' });
    stack = await startTestStack({ sandbox });
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
  });

  it('pages one record (one day) at a time with beforeDate and still counts every record in the window', async () => {
    const ava = await connectUser(stack, 'rs-pages', 'ava@sandbox.healthex.test', { providers: ALL_PROVIDERS });
    const summary = await stack.api(ava.connectToken).records.summary.query();
    // Ava's labs: 5 on 2025-02-11 and 3 on 2024-10-03, two pages; visit notes on four days, four pages.
    expect(summary.categories).toContainEqual({ category: 'labs', kind: 'counted', count: 8, more: false });
    expect(summary.categories).toContainEqual({ category: 'visit_notes', kind: 'counted', count: 4, more: false });
  });

  it('answers NOT_CONNECTED unless connected', async () => {
    const token = await stack.tokenFor('rs-never');
    expect(await appCodeOf(stack.api(token).records.summary.query())).toBe('NOT_CONNECTED');
    expect(await appCodeOf(stack.api(token).records.update.mutate())).toBe('NOT_CONNECTED');
  });
});

it('expired stored token: refreshed before the call (no -32001 needed)', async () => {
  const stack = await startTestStack();
  try {
    const user = await connectUser(stack, 'rs-expiring', 'ava@sandbox.healthex.test');
    await expireStoredAccessToken(stack, user.sub);
    const before = stack.sandbox.stats().grants.refresh_token;
    await stack.api(user.connectToken).records.summary.query();
    expect(stack.sandbox.stats().grants.refresh_token).toBe(before + 1);
  } finally {
    await stack.close();
  }
});
