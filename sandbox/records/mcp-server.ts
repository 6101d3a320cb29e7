/**
 * The sandbox's MCP server, imitating HealthEx's documented tools (docs/healthex-api.md) on the
 * official SDK's low-level `Server` (its `McpServer` would turn every thrown JSON-RPC error into a
 * tool error, and HealthEx documents JSON-RPC errors such as -32002). A fresh server is built for
 * each HTTP request around the caller's already-verified record access, so a tool only ever sees
 * the token's patient's records from the providers chosen at consent.
 *
 * Results are TEXT content only, as documented: no `structuredContent`. List tools take `years`
 * (default 3) and `beforeDate`, answer newest first and say when more is available; the text
 * format is the configured variant (list-pages.ts).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import type { SandboxVariants } from '../variants.js';
import type { FhirResource } from './fhir-builders.js';
import { DEFAULT_YEARS, pageAsText, pageOf } from './list-pages.js';
import type { RecordAccess } from './record-access.js';
import { RECORD_QUERIES, RECORD_TOOL_NAMES, isClinicalNote, runQuery, type RecordToolName } from './record-queries.js';
import { healthSummaryText } from './health-summary.js';
import type { RecordsSync } from './records-sync.js';

/** The documented server name. */
export const MCP_SERVER_NAME = 'HealthEx MCP Server';
/** The documented error codes. */
export const UNAUTHORIZED = -32001;
export const DOCUMENT_NOT_FOUND = -32002;
/** Not documented: the sandbox's choice for a rate-limited `update_records` in the jsonrpc-error variant. */
export const RATE_LIMITED = -32029;

export interface McpSettings {
  variants: SandboxVariants;
  sync: RecordsSync;
  pageSize: number;
  /** Today's date (YYYY-MM-DD) for the 3-year window. */
  today: () => string;
}

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date, YYYY-MM-DD');
const pageArgs = z.object({ years: z.number().int().min(1).max(100).optional(), beforeDate: isoDate.optional() });
const notesArgs = pageArgs.extend({ query: z.string().max(500).optional(), encounterId: z.string().max(128).optional() });
const searchArgs = z.object({ query: z.string().min(1).max(500) });

const PAGE_SCHEMA = {
  type: 'object',
  properties: {
    years: { type: 'integer', minimum: 1, description: `How many years of history (default ${DEFAULT_YEARS}).` },
    beforeDate: { type: 'string', format: 'date', description: 'Only records before this date (YYYY-MM-DD): the next page.' },
  },
} as const;

function toolList(): Tool[] {
  return [
    { name: 'get_health_summary', title: 'Health summary', description: 'A snapshot: age, date of birth, gender, active conditions, current medications, allergies, latest vitals, last visit, primary care provider.', inputSchema: { type: 'object', properties: {} }, annotations: readOnly },
    ...RECORD_TOOL_NAMES.map((name): Tool => ({ name, title: RECORD_QUERIES[name].title, description: `${RECORD_QUERIES[name].description} Newest first, ${DEFAULT_YEARS} years by default.`, inputSchema: PAGE_SCHEMA, annotations: readOnly })),
    {
      name: 'search_clinical_notes',
      title: 'Search clinical notes',
      description: "Searches the patient's clinical notes, or returns the notes of one encounter.",
      inputSchema: { type: 'object', properties: { ...PAGE_SCHEMA.properties, query: { type: 'string' }, encounterId: { type: 'string' } } },
      annotations: readOnly,
    },
    { name: 'search', title: 'Search records', description: "Natural-language search over the patient's records, ranked.", inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }, annotations: readOnly },
    { name: 'update_records', title: 'Update records', description: "Asks HealthEx to refresh the patient's records from their providers in the background. Rate limited per patient.", inputSchema: { type: 'object', properties: {} }, annotations: { readOnlyHint: false, openWorldHint: true } },
    { name: 'check_records_status', title: 'Check records status', description: 'The current sync status, without starting a refresh.', inputSchema: { type: 'object', properties: {} }, annotations: readOnly },
  ];
}

const text = (...blocks: string[]): CallToolResult => ({ content: blocks.map((block) => ({ type: 'text' as const, text: block })) });

function parse<T>(schema: z.ZodType<T>, args: unknown): T {
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) throw new McpError(-32602, `Invalid arguments: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'} ${issue.message}`).join('; ')}`);
  return parsed.data;
}

function searchText(resource: FhirResource): string {
  const note = resource as { content?: Array<{ attachment?: { data?: string } }> };
  const body = note.content?.map((part) => Buffer.from(part.attachment?.data ?? '', 'base64').toString('utf8')).join(' ') ?? '';
  return `${JSON.stringify(resource)} ${body}`.toLowerCase();
}

export function createRecordsMcpServer(access: RecordAccess, settings: McpSettings): Server {
  const server = new Server({ name: MCP_SERVER_NAME, version: '1.0.0' }, { capabilities: { tools: {} } });
  const { variants, sync } = settings;
  const listed = (records: FhirResource[], args: unknown) => text(...pageAsText(pageOf(records, parse(pageArgs, args), settings.today(), settings.pageSize), variants.listFormat));

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }));
  server.setRequestHandler(CallToolRequestSchema, (request): CallToolResult => {
    const { name, arguments: args } = request.params;
    if ((RECORD_TOOL_NAMES as string[]).includes(name)) return listed(runQuery(access.records, name as RecordToolName), args);
    switch (name) {
      case 'get_health_summary':
        return text(healthSummaryText(access, settings.today(), variants.listFormat));
      case 'search_clinical_notes': {
        const { query, encounterId, ...page } = parse(notesArgs, args);
        let notes = access.records.filter(isClinicalNote);
        if (encounterId !== undefined) {
          const encounter = access.records.find((resource) => resource.resourceType === 'Encounter' && resource.id === encounterId);
          if (!encounter) throw new McpError(DOCUMENT_NOT_FOUND, 'Document not found');
          const day = String((encounter as { period?: { start?: string } }).period?.start ?? '').slice(0, 10);
          notes = notes.filter((note) => String(note['date'] ?? '').startsWith(day));
        }
        if (query) notes = notes.filter((note) => searchText(note).includes(query.toLowerCase()));
        return listed(notes, page);
      }
      case 'search': {
        const { query } = parse(searchArgs, args);
        const words = query.toLowerCase().split(/\s+/).filter(Boolean);
        const ranked = access.records
          .filter((resource) => resource.resourceType !== 'Patient')
          .map((resource) => ({ resource, score: words.filter((word) => searchText(resource).includes(word)).length }))
          .filter(({ score }) => score > 0)
          .sort((a, b) => b.score - a.score)
          .slice(0, 20)
          .map(({ resource }) => resource);
        return text(JSON.stringify(ranked));
      }
      case 'update_records': {
        const answer = sync.requestUpdate(access.patient.id);
        if (answer.started) return text('Records update started. HealthEx is fetching the latest records from your providers in the background.');
        const retry = `Try again in ${answer.retryAfterSeconds} seconds.`;
        if (variants.rateLimitSignal === 'jsonrpc-error') throw new McpError(RATE_LIMITED, `Rate limit exceeded. ${retry}`, { retryAfter: answer.retryAfterSeconds });
        return { isError: true, content: [{ type: 'text', text: variants.rateLimitSignal === 'tool-error-with-retry' ? `Too many requests: records were updated recently. ${retry}` : 'Too many requests: records were updated recently.' }] };
      }
      case 'check_records_status': {
        const status = sync.status(access.patient.id);
        if (variants.listFormat === 'text-lines') return text(`Status: ${status.updating ? 'updating' : 'up to date'}\nLast updated: ${status.lastUpdatedAt.toISOString()}`);
        return text(JSON.stringify({ status: status.updating ? 'in_progress' : 'completed', lastUpdated: status.lastUpdatedAt.toISOString() }));
      }
      default:
        throw new McpError(-32602, `Unknown tool: ${name}`);
    }
  });
  return server;
}
