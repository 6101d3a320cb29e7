/**
 * The records service against fixtures of HealthEx's documented shapes, with the OAuth part
 * played by the sandbox: the stack's HEALTHEX_MCP_URL points at a fixture MCP server. Shows what
 * the sandbox cannot: a tool missing or failing (only its tile is unavailable), a status tool that
 * fails (unknown, not an error), and -32001 on every call (one refresh, one retry, then
 * reauth_required).
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
    answer = (name) => (name === 'get_allergies' ? { error: { code: -32603, message: 'Internal error' } } : name === 'get_labs' ? text('[{"date":"2026-01-02"},{"date":"2025-11-20"}]') : text('[]'));
    const user = await connectUser(stack, 'fx-tiles', 'ava@sandbox.healthex.test');
    const summary = await stack.api(user.connectToken).records.summary.query();
    expect(summary.categories).toEqual([
      { category: 'labs', kind: 'counted', count: 2, more: false },
      { category: 'medications', kind: 'counted', count: 0, more: false },
      { category: 'visit_notes', kind: 'counted', count: 0, more: false }, // get_visits, as search_clinical_notes is not offered
      { category: 'diagnoses', kind: 'counted', count: 0, more: false },
      { category: 'imaging', kind: 'included' },
      { category: 'hospital', kind: 'included' },
      { category: 'immunizations', kind: 'counted', count: 0, more: false },
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

  it.each([200, 401])('-32001 (HTTP %i) on every call: one refresh, one retry, then reauth_required', async (status) => {
    tools = ['get_labs'];
    answer = () => unauthorized(status);
    const user = await connectUser(stack, `fx-refused-${status}`, 'ben@sandbox.healthex.test');
    const refreshes = sandbox.stats().grants.refresh_token;
    expect(await appCodeOf(stack.api(user.connectToken).records.summary.query())).toBe('REAUTH_REQUIRED');
    expect(sandbox.stats().grants.refresh_token).toBe(refreshes + 1);
    expect((await stack.api(user.connectToken).connection.status.query()).state).toBe('reauth_required');
  });
});
