/**
 * A demo "Salus feature" — Health Decisions — as a Salus back-end service would use the connect
 * service: ask the back-end API for the user's HealthEx access token with its service credential,
 * then read records from HealthEx's MCP tools itself with the official MCP SDK client. It never
 * stores the token: it asks again for each use, and the connect service refreshes as needed.
 *
 * Usage: `await healthDecisionsContext({ connectServiceUrl, serviceSecret }, { iss, sub })`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export const FEATURE = 'health-decisions';

export interface SalusFeatureOptions {
  /** The connect service's base URL, e.g. `https://connect.salusai.health`. */
  connectServiceUrl: string;
  /** This service's secret; the connect service knows only its SHA-256. */
  serviceSecret: string;
}

export interface SalusUser {
  iss: string;
  sub: string;
}

export type HealthDecisionsContext =
  | { ok: true; conditions: string[]; medications: string[] }
  | { ok: false; code: string; message: string };

type ListedRecord = { code?: { text?: string }; medicationCodeableConcept?: { text?: string } };

/**
 * HealthEx answers in text content (the format inside is not documented): a JSON array, a JSON
 * object with a `records` array, or one record per line ("- 2025-02-11 Lisinopril …").
 */
function namesIn(result: Record<string, unknown>, pick: (record: ListedRecord) => string | undefined): string[] {
  const texts = (Array.isArray(result['content']) ? (result['content'] as Array<{ type?: string; text?: unknown }>) : []).flatMap((block: { type?: string; text?: unknown }) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : []));
  for (const text of texts) {
    try {
      const json = JSON.parse(text) as unknown;
      // A JSON array, `{ records }`, or a FHIR Bundle's entries (the sandbox's list formats).
      const records = Array.isArray(json) ? json : ((json as { records?: unknown }).records ?? (json as { entry?: Array<{ resource?: unknown }> }).entry?.map((entry) => entry.resource));
      if (Array.isArray(records)) return (records as ListedRecord[]).map((record) => pick(record) ?? 'Unnamed record');
    } catch {
      const lines = text.split('\n').filter((line) => /^\s*[-*•]\s+/.test(line));
      if (lines.length > 0) return lines.map((line) => line.replace(/^\s*[-*•]\s+(\d{4}-\d{2}-\d{2}\s+)?/, ''));
    }
  }
  return [];
}

export async function healthDecisionsContext(options: SalusFeatureOptions, user: SalusUser): Promise<HealthDecisionsContext> {
  const response = await fetch(new URL('/backend/v1/access-token', options.connectServiceUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${options.serviceSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user, feature: FEATURE }),
  });
  const body = (await response.json()) as { accessToken?: string; mcpUrl?: string; error?: { code: string; message: string } };
  if (!response.ok || !body.accessToken || !body.mcpUrl) {
    // NOT_CONNECTED / REAUTH_REQUIRED: personalise without records, and suggest connecting.
    return { ok: false, code: body.error?.code ?? `HTTP_${response.status}`, message: body.error?.message ?? 'The connect service did not answer as expected.' };
  }

  const client = new Client({ name: `salus-${FEATURE}`, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(body.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${body.accessToken}` } } }));
  try {
    // The whole history, not HealthEx's default 3 years: a decision needs long-standing conditions too.
    // How far `years` may go is not documented: refused (JSON-RPC -32602), ask with HealthEx's default.
    const call = (name: string) =>
      client.callTool({ name, arguments: { years: 50 } }).catch((error: unknown) => {
        if (error instanceof McpError && error.code === ErrorCode.InvalidParams) return client.callTool({ name, arguments: {} });
        throw error;
      });
    const [conditions, medications] = await Promise.all([call('get_conditions'), call('get_medications')]);
    return {
      ok: true,
      conditions: namesIn(conditions, (record) => record.code?.text),
      medications: namesIn(medications, (record) => record.medicationCodeableConcept?.text),
    };
  } finally {
    await client.close();
  }
}
