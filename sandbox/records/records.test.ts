/**
 * The sandbox's MCP endpoint imitates what HealthEx documents (docs/healthex-api.md) and no
 * more: the documented tool names, text-only results, `years`/`beforeDate` with a 3-year default,
 * newest first, paging, -32001/-32002, 202 for notifications/initialized, protocol 2024-11-05, RFC
 * 9728 metadata — and each unknown as a variant.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, VARIANT_SETS, type Sandbox } from '../start-sandbox.js';
import { connect, registerPublicClient } from '../test-client.js';
import { pageOf } from './list-pages.js';
import { runQuery, visibleRecords } from './record-queries.js';
import { recordsOf } from './test-records.js';

const ALL_PROVIDERS = ['riverside-health', 'northlake-clinic', 'valley-labs'];
const TODAY = '2025-06-01';

async function mcpClient(sandbox: Sandbox, accessToken: string): Promise<Client> {
  const client = new Client({ name: 'records-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${sandbox.issuer}/mcp`), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  return client;
}

const rpc = (sandbox: Sandbox, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.issuer}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });

describe.each(Object.entries(VARIANT_SETS))('MCP endpoint, variant %s', (name, variants) => {
  let sandbox: Sandbox;
  let config: oidc.Configuration;
  beforeAll(async () => {
    sandbox = await startSandbox({ variants, pageSize: 2, today: TODAY, sync: { updateDurationMs: 30_000, updateIntervalSeconds: 60 } });
    config = await registerPublicClient(sandbox);
  });
  afterAll(() => sandbox?.close());

  it('refuses a call without a valid token with -32001 "Unauthorized", carried by the variant status', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-real-token' }] as Array<Record<string, string>>) {
      const answer = await rpc(sandbox, { jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} }, headers);
      expect(answer.status).toBe(variants.unauthorizedStatus);
      expect(await answer.json()).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32001, message: 'Unauthorized' } });
      if (variants.unauthorizedStatus !== 200) expect(answer.headers.get('www-authenticate')).toContain(`resource_metadata="${sandbox.issuer}/.well-known/oauth-protected-resource"`);
    }
  });

  it('publishes RFC 9728 protected-resource metadata naming the MCP URL and the issuer', async () => {
    expect(await (await fetch(`${sandbox.issuer}/.well-known/oauth-protected-resource`)).json()).toMatchObject({ resource: `${sandbox.issuer}/mcp`, authorization_servers: [sandbox.issuer] });
  });

  it('initializes as "HealthEx MCP Server" on 2024-11-05, answers notifications/initialized 202, in JSON or SSE', async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test' });
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const init = await rpc(sandbox, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }, auth);
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toContain(variants.mcpResponses === 'json' ? 'application/json' : 'text/event-stream');
    const body = await init.text();
    expect(body).toContain('"protocolVersion":"2024-11-05"');
    expect(body).toContain('"name":"HealthEx MCP Server"');
    const initialized = await rpc(sandbox, { jsonrpc: '2.0', method: 'notifications/initialized' }, { ...auth, 'mcp-protocol-version': '2024-11-05' });
    expect(initialized.status).toBe(202);
    expect(await initialized.text()).toBe('');
  });

  it('lists exactly the documented and catalogued tools, and results are text only', async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test', providers: ALL_PROVIDERS });
    const client = await mcpClient(sandbox, tokens.access_token);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        ['check_records_status', 'get_allergies', 'get_conditions', 'get_health_summary', 'get_immunizations', 'get_labs', 'get_medications', 'get_procedures', 'get_visits', 'get_vitals', 'search', 'search_clinical_notes', 'update_records'].sort(),
      );
      const summary = await client.callTool({ name: 'get_health_summary', arguments: {} });
      expect(summary.structuredContent).toBeUndefined();
      const text = (summary.content as Array<{ type: string; text: string }>)[0]!;
      expect(text.type).toBe('text');
      expect(text.text).not.toMatch(/counts|lab_results/);
      const none = await client.callTool({ name: 'search', arguments: { query: 'xylophone' } });
      expect(none.content).toEqual([{ type: 'text', text: '[]' }]);
      // The documented "Document not found" for an encounter that is not the patient's.
      await expect(client.callTool({ name: 'search_clinical_notes', arguments: { encounterId: 'ben-encounter-1' } })).rejects.toMatchObject({ code: -32002 });
    } finally {
      await client.close();
    }
  });

  it('lists 3 years by default, newest first, and pages with beforeDate until nothing more is said', async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test', providers: ALL_PROVIDERS });
    const client = await mcpClient(sandbox, tokens.access_token);
    try {
      const all = runQuery(visibleRecords(recordsOf('patient-ava'), ALL_PROVIDERS), 'get_labs');
      const expected = pageOf(all, {}, TODAY, 1000).records.length;
      expect(expected).toBeGreaterThan(2);
      const texts: string[] = [];
      let beforeDate: string | undefined;
      for (let page = 0; page < 20; page += 1) {
        const result = await client.callTool({ name: 'get_labs', arguments: beforeDate ? { beforeDate } : {} });
        const blocks = (result.content as Array<{ text: string }>).map((block) => block.text);
        texts.push(...blocks);
        const next = /beforeDate=(\d{4}-\d{2}-\d{2})|"nextBeforeDate":"(\d{4}-\d{2}-\d{2})"/.exec(blocks.join('\n'));
        if (!next) break;
        beforeDate = next[1] ?? next[2];
      }
      expect(texts.join('\n')).toMatch(variants.listFormat === 'text-lines' ? /^- 2025-02-11 /m : /"effectiveDateTime":"2025-02-11"/);
      const listed = variants.listFormat === 'text-lines' ? texts.join('\n').split('\n').filter((line) => line.startsWith('- ')).length : texts.flatMap((text) => { try { const json = JSON.parse(text); return Array.isArray(json) ? json : json.records; } catch { return []; } }).length;
      expect(listed).toBe(expected);
      const older = await client.callTool({ name: 'get_conditions', arguments: { years: 50 } });
      expect(JSON.stringify(older.content)).toContain('Hypothyroidism'); // 2021: only with years
      const recent = await client.callTool({ name: 'get_conditions', arguments: {} });
      expect(JSON.stringify(recent.content)).not.toContain('Hypothyroidism');
    } finally {
      await client.close();
    }
  });

  it('update_records starts a background refresh, check_records_status shows it, and a second update is rate limited', async () => {
    sandbox.resetRecordsUpdates('patient-carmen');
    const tokens = await connect(config, { username: 'carmen@sandbox.healthex.test' });
    const client = await mcpClient(sandbox, tokens.access_token);
    try {
      expect(JSON.stringify((await client.callTool({ name: 'update_records', arguments: {} })).content)).toContain('started');
      expect(JSON.stringify((await client.callTool({ name: 'check_records_status', arguments: {} })).content)).toMatch(/in_progress|updating/);
      const second = client.callTool({ name: 'update_records', arguments: {} });
      if (variants.rateLimitSignal === 'jsonrpc-error') await expect(second).rejects.toThrow(/Rate limit exceeded/);
      else expect(await second).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/Too many requests/) }] });
    } finally {
      await client.close();
    }
  });

  it('refuses a token whose grant was revoked at HealthEx', async () => {
    const tokens = await connect(config, { username: 'ben@sandbox.healthex.test' });
    const list = () => rpc(sandbox, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, { authorization: `Bearer ${tokens.access_token}` });
    expect(JSON.stringify(await (await list()).text())).not.toContain('-32001');
    await sandbox.revokeGrantsOf('patient-ben');
    expect(await (await list()).text()).toContain('-32001');
  });

  it(`has no FHIR endpoint for patient tokens (${name})`, async () => {
    expect((await fetch(`${sandbox.issuer}/fhir/Condition`)).status).toBe(404);
  });
});
