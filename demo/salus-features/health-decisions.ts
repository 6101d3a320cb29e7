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

interface ToolResult {
  records: Array<{ code?: { text?: string }; medicationCodeableConcept?: { text?: string } }>;
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
    const call = async (name: string) => (await client.callTool({ name, arguments: {} })).structuredContent as unknown as ToolResult;
    const [conditions, medications] = await Promise.all([call('get_conditions'), call('get_medications')]);
    return {
      ok: true,
      conditions: conditions.records.map((record) => record.code?.text ?? 'Unnamed condition'),
      medications: medications.records.map((record) => record.medicationCodeableConcept?.text ?? 'Unnamed medication'),
    };
  } finally {
    await client.close();
  }
}
