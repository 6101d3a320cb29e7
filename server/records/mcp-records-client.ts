/**
 * Calls HealthEx's MCP record tools (JSON-RPC 2.0 over Streamable HTTP) with the official
 * `@modelcontextprotocol/sdk` client, as the patient's OAuth access token. One short-lived MCP
 * session per call: HealthEx's tools are stateless reads, and a session must never outlive the
 * token it was opened with. The token travels only in the Authorization header and never reaches
 * an error message or a log line.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** HealthEx answered 401/403: the access token is no longer accepted (expired early or revoked). */
export class RecordsTokenRejectedError extends Error {
  override readonly name = 'RecordsTokenRejectedError';
}

/** HealthEx's MCP endpoint could not be reached, timed out, or the tool reported an error. */
export class RecordsUnavailableError extends Error {
  override readonly name = 'RecordsUnavailableError';
}

export interface McpRecordsClientOptions {
  /** HealthEx's MCP endpoint, e.g. `https://api.healthex.io/mcp`. */
  url: string;
  timeoutSeconds: number;
  clientName?: string;
}

export interface McpRecordsClient {
  /** Calls one tool and returns its structured result. */
  callTool(accessToken: string, tool: string, args?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function createMcpRecordsClient(options: McpRecordsClientOptions): McpRecordsClient {
  const url = new URL(options.url);
  const timeout = options.timeoutSeconds * 1000;

  return {
    async callTool(accessToken, tool, args = {}) {
      const client = new Client({ name: options.clientName ?? 'healthex-connect', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
      });
      try {
        await client.connect(transport, { timeout });
        const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout });
        if (result.isError) throw new RecordsUnavailableError(`HealthEx's ${tool} tool reported an error`);
        if (typeof result.structuredContent !== 'object' || result.structuredContent === null) {
          throw new RecordsUnavailableError(`HealthEx's ${tool} tool returned no structured content`);
        }
        return result.structuredContent as Record<string, unknown>;
      } catch (error) {
        throw classify(error, tool);
      } finally {
        await client.close().catch(() => undefined);
      }
    },
  };
}

function classify(error: unknown, tool: string): Error {
  if (error instanceof RecordsUnavailableError) return error;
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    return new RecordsTokenRejectedError(`HealthEx refused the access token for ${tool} (HTTP ${error.code})`);
  }
  // The SDK's message may quote HealthEx's response body; keep only a short, token-free reason.
  const reason = error instanceof StreamableHTTPError ? `HTTP ${error.code}` : ((error as Error)?.name ?? 'error');
  return new RecordsUnavailableError(`HealthEx records request ${tool} failed (${reason})`, { cause: error });
}
