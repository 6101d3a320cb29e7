/**
 * Contract tests of the records client against fixtures written from docs/healthex-api.md's documented
 * shapes (text results, `[]` for none, -32001 under any HTTP status, -32002), JSON and SSE — plus
 * the readers of the unknown text formats and the counting bounds.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { documentNotFound, startFixtureServer, text, unauthorized, type FixtureServer } from '../../testkit/healthex-fixture-server.js';
import { readListPage, UnreadableListError } from './list-answer.js';
import { createMcpRecordsClient, RecordsTokenRejectedError, RecordsToolError } from './mcp-records-client.js';
import { countCategories } from './records-counts.js';
import { rateLimitOf, readRecordsStatus } from './sync-answers.js';

const LIST_TOOLS = ['get_labs', 'get_medications', 'get_conditions', 'get_immunizations', 'get_procedures', 'get_allergies', 'search_clinical_notes'];
let server: FixtureServer | undefined;
afterEach(() => server?.close());
const clientFor = (s: FixtureServer) => createMcpRecordsClient({ url: s.url, timeoutSeconds: 5 });
const silent = pino({ level: 'silent' });

describe.each([false, true])('documented shapes (SSE: %s)', (sse) => {
  it('reads text content, `[]` as zero records, and reports the server HealthEx names', async () => {
    server = await startFixtureServer({ sse, tools: LIST_TOOLS, call: () => text('[]') });
    const session = await clientFor(server).open('token');
    expect(session.server).toEqual({ name: 'HealthEx MCP Server', protocolVersion: '2024-11-05' });
    const answer = await session.call('get_labs');
    expect(answer).toEqual({ texts: ['[]'], structured: null });
    expect(readListPage(answer)).toEqual({ count: 0, more: false, nextBeforeDate: null, shape: 'json-array' });
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

describe('list text formats (unknown at HealthEx)', () => {
  const page = (...texts: string[]) => readListPage({ texts, structured: null });
  it('JSON array with a "more" notice naming beforeDate', () => {
    expect(page('[{"date":"2025-01-02"},{"date":"2024-12-01"}]', 'More data is available. Call again with beforeDate=2024-12-01.')).toEqual({ count: 2, more: true, nextBeforeDate: '2024-12-01', shape: 'json-array' });
  });
  it('JSON object with a flag and no date: the oldest record date is used', () => {
    expect(page('{"results":[{"effectiveDateTime":"2025-01-02"},{"effectiveDateTime":"2024-03-04T10:00:00Z"}],"has_more":true}')).toEqual({ count: 2, more: true, nextBeforeDate: '2024-03-04', shape: 'json-object' });
  });
  it('text lines, and a sentence for none', () => {
    expect(page('- 2025-02-11 HbA1c 5.6 %\n- 2024-10-03 Creatinine\n\nMore records are available; use beforeDate=2024-10-03')).toEqual({ count: 2, more: true, nextBeforeDate: '2024-10-03', shape: 'text-lines' });
    expect(page('No records found.')).toEqual({ count: 0, more: false, nextBeforeDate: null, shape: 'text-lines' });
  });
  it('structuredContent when a server sends it', () => {
    expect(readListPage({ texts: [], structured: { records: [{}, {}, {}] } })).toMatchObject({ count: 3, more: false, shape: 'structured' });
  });
  it('refuses to guess at prose it cannot read', () => {
    expect(() => page('Here is a summary of your lab history over the years.')).toThrow(UnreadableListError);
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

describe('counting', () => {
  it('pages with beforeDate, stops at the page bound with `more`, and marks a missing or failing tool unavailable', async () => {
    let day = 28;
    server = await startFixtureServer({
      tools: LIST_TOOLS.filter((tool) => tool !== 'get_procedures'),
      call: (name) => {
        if (name === 'get_labs') return text(JSON.stringify([{ date: `2025-01-${day--}` }]), `More data is available: beforeDate=2025-01-${day + 1}`);
        if (name === 'get_allergies') return { error: { code: -32603, message: 'Internal error' } };
        return text('[]');
      },
    });
    const session = await clientFor(server).open('token');
    const categories = await countCategories(session, { maxPagesPerTool: 3, timeBudgetMs: 5_000 }, silent);
    await session.close();
    expect(categories).toContainEqual({ category: 'labs', kind: 'counted', count: 3, more: true });
    expect(categories).toContainEqual({ category: 'procedures', kind: 'unavailable' });
    expect(categories).toContainEqual({ category: 'allergies', kind: 'unavailable' });
    expect(categories).toContainEqual({ category: 'imaging', kind: 'included' });
    expect(server.calls.filter((call) => call.name === 'get_labs').map((call) => call.args)).toEqual([{}, { beforeDate: '2025-01-28' }, { beforeDate: '2025-01-27' }]);
  });
});

