/**
 * The sandbox's record access over real HTTP: the MCP endpoint through the official SDK client,
 * the FHIR endpoint, bearer-token checks, and records limited to the token's patient and the
 * providers chosen at consent.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../start-sandbox.js';
import { connect, registerPublicClient } from '../test-client.js';
import { RECORD_TOOL_NAMES, summaryCounts, visibleRecords } from './record-queries.js';
import { recordsOf } from './test-records.js';

const ALL_PROVIDERS = ['riverside-health', 'northlake-clinic', 'valley-labs'];

let sandbox: Sandbox;
let config: oidc.Configuration;
beforeAll(async () => {
  sandbox = await startSandbox();
  config = await registerPublicClient(sandbox);
});
afterAll(() => sandbox?.close());

async function mcpClient(accessToken: string): Promise<Client> {
  const client = new Client({ name: 'records-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${sandbox.issuer}/mcp`), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  return client;
}

async function callTool(accessToken: string, name: string): Promise<Record<string, unknown>> {
  const client = await mcpClient(accessToken);
  try {
    const result = await client.callTool({ name, arguments: {} });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  } finally {
    await client.close();
  }
}

const mcpPost = (headers: Record<string, string> = {}) =>
  fetch(`${sandbox.issuer}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });

describe('discovery', () => {
  it('advertises the MCP and FHIR endpoints in the OAuth metadata', async () => {
    const metadata = await (await fetch(`${sandbox.issuer}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({ healthex_mcp_endpoint: `${sandbox.issuer}/mcp`, healthex_fhir_base_url: `${sandbox.issuer}/fhir` });
  });
});

describe('MCP endpoint', () => {
  it('answers 401 with a Bearer challenge without a token, and invalid_token with a wrong one', async () => {
    const missing = await mcpPost();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(missing.headers.get('www-authenticate')).not.toContain('error=');

    const wrong = await mcpPost({ authorization: 'Bearer not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('lists the health summary and the record tools', async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test' });
    const client = await mcpClient(tokens.access_token);
    const { tools } = await client.listTools();
    await client.close();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['get_health_summary', ...RECORD_TOOL_NAMES].sort());
    for (const name of ['get_conditions', 'get_medications', 'get_labs', 'get_vitals', 'get_procedures', 'get_immunizations', 'get_visits', 'get_allergies']) {
      expect(tools.map((tool) => tool.name)).toContain(name);
    }
  });

  it("summarises exactly the patient's records from every chosen provider", async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test', providers: ALL_PROVIDERS });
    const summary = await callTool(tokens.access_token, 'get_health_summary');
    expect(summary['patient']).toEqual({ id: 'patient-ava', name: 'Ava Thompson', birthDate: '1984-03-12' });
    // Written out once, so a change to the test data is a deliberate change here too.
    expect(summary['counts']).toEqual({
      lab_results: 8,
      medications: 3,
      visit_notes: 4,
      diagnoses: 3,
      imaging_reports: 2,
      hospital_records: 1,
      immunizations: 3,
      procedures: 2,
      allergies: 2,
    });
    expect(summary['counts']).toEqual(summaryCounts(recordsOf('patient-ava')));
    expect(summary).toMatchObject({ vitals: 4, visits: 5 });

    const conditions = await callTool(tokens.access_token, 'get_conditions');
    expect(conditions['count']).toBe(3);
    const records = conditions['records'] as Array<{ resourceType: string; subject: { reference: string } }>;
    expect(records.every((record) => record.resourceType === 'Condition' && record.subject.reference === 'Patient/patient-ava')).toBe(true);
  });

  it('limits records to the providers chosen at consent', async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test', providers: ['riverside-health'] });
    const summary = await callTool(tokens.access_token, 'get_health_summary');
    expect(summary['providers']).toEqual(['Riverside Health (Epic)']);
    expect(summary['counts']).toEqual(summaryCounts(visibleRecords(recordsOf('patient-ava'), ['riverside-health'])));
    expect(summary['counts']).toMatchObject({ lab_results: 5, diagnoses: 2, imaging_reports: 1 });
  });

  it('returns an empty category as zero records, not an error (Ben has no allergies)', async () => {
    const tokens = await connect(config, { username: 'ben@sandbox.healthex.test', providers: ALL_PROVIDERS });
    const allergies = await callTool(tokens.access_token, 'get_allergies');
    expect(allergies).toMatchObject({ count: 0, records: [] });
    const summary = await callTool(tokens.access_token, 'get_health_summary');
    expect(summary['counts']).toMatchObject({ allergies: 0, diagnoses: 5 });
  });

  it('refuses a token whose grant was revoked at HealthEx', async () => {
    const tokens = await connect(config, { username: 'carmen@sandbox.healthex.test' });
    expect((await mcpPost({ authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
    await sandbox.revokeGrantsOf('patient-carmen');
    expect((await mcpPost({ authorization: `Bearer ${tokens.access_token}` })).status).toBe(401);
  });
});

describe('FHIR endpoint', () => {
  it("serves the token's patient's resources as a searchset Bundle, filtered by category", async () => {
    const tokens = await connect(config, { username: 'ava@sandbox.healthex.test', providers: ALL_PROVIDERS });
    const get = (path: string, token: string | null = tokens.access_token) =>
      fetch(`${sandbox.issuer}/fhir/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const conditions = await get('Condition?patient=patient-ava');
    expect(conditions.status).toBe(200);
    expect(conditions.headers.get('content-type')).toContain('application/fhir+json');
    expect(await conditions.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });

    expect(await (await get('Observation?category=vital-signs')).json()).toMatchObject({ total: 4 });
    expect(await (await get('Patient/patient-ava')).json()).toMatchObject({ resourceType: 'Patient', birthDate: '1984-03-12' });

    expect((await get('Condition?patient=patient-ben')).status).toBe(403);
    expect((await get('Condition', null)).status).toBe(401);
    expect((await get('Claim')).status).toBe(404);
  });
});
