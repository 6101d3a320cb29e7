/**
 * The sandbox's MCP server (JSON-RPC 2.0, official `@modelcontextprotocol/sdk`), modelled on
 * HealthEx's record tools: a health summary plus one tool per record kind. A fresh server is built
 * for each HTTP request around the caller's already-verified record access, so a tool can only
 * ever see the records of the token's patient and chosen providers.
 *
 * Every tool returns `structuredContent` and, as the MCP spec recommends for older clients, the
 * same JSON as a text block:
 * - `get_health_summary` → `{ patient: { id, name, birthDate }, providers: string[], counts: Record<SummaryCategory, number>, vitals: number, visits: number }`
 * - every other tool     → `{ tool, title, count, records: FhirResource[] }`
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { TEST_PROVIDERS } from '../test-data.js';
import type { RecordAccess } from './record-access.js';
import { RECORD_QUERIES, RECORD_TOOL_NAMES, runQuery, summaryCounts } from './record-queries.js';

export const MCP_SERVER_NAME = 'healthex-sandbox-records';

function result(structured: Record<string, unknown>): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text: JSON.stringify(structured) }] };
}

export function healthSummary(access: RecordAccess) {
  return {
    patient: { id: access.patient.id, name: access.patient.name, birthDate: access.patient.birthDate },
    providers: TEST_PROVIDERS.filter((provider) => access.providers.includes(provider.id)).map((provider) => provider.name),
    counts: summaryCounts(access.records),
    vitals: runQuery(access.records, 'get_vitals').length,
    visits: runQuery(access.records, 'get_visits').length,
  };
}

export function createRecordsMcpServer(access: RecordAccess): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version: '1.0.0' }, { capabilities: { tools: {} } });
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

  server.registerTool(
    'get_health_summary',
    {
      title: 'Health summary',
      description: "An overview of the patient's records: who they are, the providers shared, and how many records there are in each category.",
      annotations: readOnly,
    },
    () => result(healthSummary(access)),
  );

  for (const tool of RECORD_TOOL_NAMES) {
    const query = RECORD_QUERIES[tool];
    server.registerTool(tool, { title: query.title, description: query.description, annotations: readOnly }, () => {
      const records = runQuery(access.records, tool);
      return result({ tool, title: query.title, count: records.length, records });
    });
  }
  return server;
}
