/**
 * The records service against fixtures of HealthEx's documented shapes, with the OAuth part
 * played by the sandbox: the stack's HEALTHEX_MCP_URL points at a fixture MCP server. Shows what
 * the sandbox cannot: a tool missing or failing (only its tile is unavailable), a status tool that
 * fails (unknown, not an error), and -32001 on every call or just once after a refresh (one
 * refresh, one retry, then HEALTHEX_UNAVAILABLE with the grant kept: only the token endpoint's
 * invalid_grant ends a grant).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from 'healthex-sandbox';
import { startFixtureServer, text, unauthorized, type FixtureAnswer, type FixtureServer } from '../../testkit/healthex-fixture-server.js';
import { connectUser } from '../../testkit/stack/connected-users.js';
import { appCodeOf, startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';

let answer: (name: string) => FixtureAnswer = () => text('[]');
let tools: string[] = [];
let fixture: FixtureServer;
let sandbox: Sandbox;
let stack: TestStack;
beforeAll(async () => {
  fixture = await startFixtureServer({ tools: () => tools, call: (name) => answer(name) });
  sandbox = await startSandbox();
  stack = await startTestStack({ sandbox, env: { HEALTHEX_MCP_URL: fixture.url, RECORDS_SUMMARY_CACHE_SECONDS: '0' } });
});
afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
  await fixture?.close();
});
afterEach(() => {
  answer = () => text('[]');
  tools = [];
});

describe('records service on documented shapes', () => {
  it('a missing or failing tool makes only its own tile unavailable', async () => {
    tools = ['get_labs', 'get_medications', 'get_conditions', 'get_immunizations', 'get_allergies', 'get_visits'];
    answer = (name) => (name === 'get_allergies' ? { error: { code: -32603, message: 'Internal error' } } : name === 'get_labs' ? text('[{"resourceType":"Observation","effectiveDateTime":"2026-01-02"},{"resourceType":"Observation","effectiveDateTime":"2015-11-20"}]') : text('[]'));
    const user = await connectUser(stack, 'fx-tiles', 'ava@sandbox.healthex.test');
    const summary = await stack.api(user.connectToken).records.summary.query();
    expect(summary.categories).toEqual([
      { category: 'labs', kind: 'counted', count: 2, more: false, windowYears: null },
      { category: 'medications', kind: 'counted', count: 0, more: false, windowYears: null },
      { category: 'visit_notes', kind: 'counted', count: 0, more: false, windowYears: null }, // get_visits, as search_clinical_notes is not offered
      { category: 'diagnoses', kind: 'counted', count: 0, more: false, windowYears: null },
      { category: 'imaging', kind: 'included' },
      { category: 'hospital', kind: 'included' },
      { category: 'immunizations', kind: 'counted', count: 0, more: false, windowYears: null },
      { category: 'procedures', kind: 'unavailable' },
      { category: 'allergies', kind: 'unavailable' },
    ]);
    expect(fixture.calls.some((call) => call.name === 'get_visits')).toBe(true);
  });

  it('sharing is "unknown" when check_records_status is missing or fails, never an error', async () => {
    const user = await connectUser(stack, 'fx-status', 'ava@sandbox.healthex.test');
    const api = stack.api(user.connectToken);
    expect(await api.records.sharing.query()).toMatchObject({ organisations: null, lastUpdatedAt: null, updating: null });
    tools = ['check_records_status'];
    answer = () => ({ error: { code: -32603, message: 'Internal error' } });
    expect(await api.records.sharing.query()).toMatchObject({ organisations: null, lastUpdatedAt: null, updating: null });
  });

  it.each([200, 401])('-32001 (HTTP %i) on every call: one refresh, one retry, then HEALTHEX_UNAVAILABLE — the refresh proved the grant alive, so it is kept', async (status) => {
    tools = ['get_labs'];
    answer = () => unauthorized(status);
    const user = await connectUser(stack, `fx-refused-${status}`, 'ben@sandbox.healthex.test');
    const refreshes = sandbox.stats().grants.refresh_token;
    expect(await appCodeOf(stack.api(user.connectToken).records.summary.query())).toBe('HEALTHEX_UNAVAILABLE');
    expect(sandbox.stats().grants.refresh_token).toBe(refreshes + 1);
    expect((await stack.api(user.connectToken).connection.status.query()).state).toBe('connected');
    expect(await stack.db.collection('connections').findOne({ userSub: `fx-refused-${status}` })).toMatchObject({ sealedAccessToken: expect.any(String), sealedRefreshToken: expect.any(String) });
    expect(await stack.db.collection('revocation_jobs').countDocuments({ userSub: `fx-refused-${status}` })).toBe(0);
  });

  it('/mcp refuses a freshly refreshed token once (a gateway hiccup): still connected, tokens kept, the next read works', async () => {
    tools = ['get_labs'];
    let refusals = 2; // the stored token, then the one the refresh just brought
    answer = () => (refusals-- > 0 ? unauthorized(401) : text('[{"resourceType":"Observation","effectiveDateTime":"2026-01-02"}]'));
    const user = await connectUser(stack, 'fx-hiccup', 'carmen@sandbox.healthex.test');
    const api = stack.api(user.connectToken);
    expect(await appCodeOf(api.records.summary.query())).toBe('HEALTHEX_UNAVAILABLE');
    const kept = await stack.db.collection('connections').findOne({ userSub: 'fx-hiccup' });
    expect(kept).toMatchObject({ state: 'connected', sealedAccessToken: expect.any(String), sealedRefreshToken: expect.any(String) });
    expect((await api.connection.status.query()).state).toBe('connected');

    const refreshes = sandbox.stats().grants.refresh_token;
    expect((await api.records.summary.query()).categories[0]).toEqual({ category: 'labs', kind: 'counted', count: 1, more: false, windowYears: null });
    expect(sandbox.stats().grants.refresh_token).toBe(refreshes); // the kept token simply works again
    expect(await stack.db.collection('audit_events').findOne({ userSub: 'fx-hiccup', action: 'token.use', outcome: 'failure' })).toMatchObject({ reason: 'healthex_unavailable' });
  });
});
