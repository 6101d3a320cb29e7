/**
 * Contract tests of the records client against fixtures written from docs/healthex-api.md's documented
 * shapes (text results, `[]` for none, -32001 under any HTTP status, -32002), JSON and SSE — plus
 * the readers of the status and rate-limit answers. The list formats are list-answer.test.ts's, the
 * counting records-counts.test.ts's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { documentNotFound, startFixtureServer, text, unauthorized, type FixtureServer } from '../../testkit/healthex-fixture-server.js';
import { readListPage } from './list-answer.js';
import { createMcpRecordsClient, RecordsTokenRejectedError, RecordsToolError } from './mcp-records-client.js';
import { rateLimitOf, readRecordsStatus } from './sync-answers.js';

const LIST_TOOLS = ['get_labs', 'get_medications', 'get_conditions', 'get_immunizations', 'get_procedures', 'get_allergies', 'search_clinical_notes'];
let server: FixtureServer | undefined;
afterEach(() => server?.close());
const clientFor = (s: FixtureServer) => createMcpRecordsClient({ url: s.url, timeoutSeconds: 5 });

describe.each([false, true])('documented shapes (SSE: %s)', (sse) => {
  it('reads text content, `[]` as zero records, and reports the server HealthEx names', async () => {
    server = await startFixtureServer({ sse, tools: LIST_TOOLS, call: () => text('[]') });
    const session = await clientFor(server).open('token');
    expect(session.server).toEqual({ name: 'HealthEx MCP Server', protocolVersion: '2024-11-05' });
    const answer = await session.call('get_labs');
    expect(answer).toEqual({ texts: ['[]'], structured: null });
    expect(readListPage(answer)).toEqual({ format: 'json-array', dates: [], total: null, more: null });
    await session.close();
  });

  it.each([401, 403, 200, 400, 500])('treats -32001 carried by HTTP %i as a refused token', async (status) => {
    server = await startFixtureServer({ sse, tools: LIST_TOOLS, call: () => unauthorized(status) });
    await expect(clientFor(server).callTool('token', 'get_labs')).rejects.toBeInstanceOf(RecordsTokenRejectedError);
  });

  it('reports -32002 "Document not found" as a tool error, not a token problem', async () => {
    server = await startFixtureServer({ sse, tools: LIST_TOOLS, call: () => documentNotFound });
    const error = await clientFor(server).callTool('token', 'search_clinical_notes', { encounterId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordsToolError);
    expect((error as RecordsToolError).rpcCode).toBe(-32002);
  });
});

describe('check_records_status and update_records answers', () => {
  it('reads JSON and text status, null when absent', () => {
    expect(readRecordsStatus({ texts: ['{"status":"in_progress","last_synced_at":"2026-11-30T10:00:00Z"}'], structured: null })).toEqual({ updating: true, lastUpdatedAt: '2026-11-30T10:00:00.000Z' });
    expect(readRecordsStatus({ texts: ['Status: up to date\nLast updated: 2026-11-29T08:00:00Z'], structured: null })).toEqual({ updating: false, lastUpdatedAt: '2026-11-29T08:00:00.000Z' });
    expect(readRecordsStatus({ texts: ['OK'], structured: null })).toEqual({ updating: null, lastUpdatedAt: null });
  });
  it('recognises a rate limit as a JSON-RPC error or a tool error, with or without a retry time', () => {
    expect(rateLimitOf(new RecordsToolError('update_records', 'Rate limit exceeded', -32000, { retryAfter: 900 }))).toEqual({ retryAfterSeconds: 900 });
    expect(rateLimitOf(new RecordsToolError('update_records', 'Too many requests. Try again in 15 minutes.', null, null))).toEqual({ retryAfterSeconds: 900 });
    expect(rateLimitOf(new RecordsToolError('update_records', 'Too many requests', null, null))).toEqual({ retryAfterSeconds: null });
    expect(rateLimitOf(new RecordsToolError('update_records', 'Internal error', -32603, null))).toBeNull();
  });
});
