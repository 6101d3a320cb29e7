/**
 * Calls HealthEx's MCP record tools (JSON-RPC 2.0 over Streamable HTTP) with the official
 * `@modelcontextprotocol/sdk` client, as the patient's OAuth access token. It depends only on what
 * HealthEx documents (docs/healthex-api.md):
 * - tool results are TEXT content; `structuredContent` is passed on too if a server sends it;
 * - a missing, expired or malformed token is the JSON-RPC error -32001, carried by an HTTP status
 *   HealthEx does not state: 401/403, or 200 with the error in the body, or any other status with
 *   -32001 in the body all mean "token refused";
 * - answers may be JSON or SSE (the SDK accepts both and sends the documented Accept header).
 * A session lives for one piece of work (a summary, a status check) and never outlives the token it
 * was opened with. The token travels only in the Authorization header and never reaches an error
 * message or a log line.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/** HealthEx's documented "Unauthorized" JSON-RPC error code. */
export const HEALTHEX_UNAUTHORIZED = -32001;

/** HealthEx refused the access token (-32001 or HTTP 401/403): expired early, revoked or malformed. */
export class RecordsTokenRejectedError extends Error {
  override readonly name = 'RecordsTokenRejectedError';
}

/** HealthEx's MCP endpoint could not be reached, timed out, or answered something unusable. */
export class RecordsUnavailableError extends Error {
  override readonly name = 'RecordsUnavailableError';
}

/** A tool answered with an error: an `isError` result or a JSON-RPC error other than -32001. */
export class RecordsToolError extends Error {
  override readonly name = 'RecordsToolError';
  constructor(
    readonly tool: string,
    /** HealthEx's own words (error text or JSON-RPC message): may be shown to operators, never holds a token. */
    readonly detail: string,
    readonly rpcCode: number | null,
    readonly rpcData: unknown,
  ) {
    super(`HealthEx's ${tool} tool reported an error${rpcCode === null ? '' : ` (JSON-RPC ${rpcCode})`}`);
  }
}

/** A tool's answer: its text blocks in order, and `structuredContent` when the server sent one. */
export interface ToolAnswer {
  texts: string[];
  structured: Record<string, unknown> | null;
}

export interface McpRecordsClientOptions {
  /** HealthEx's MCP endpoint, e.g. `https://api.healthex.io/mcp`. */
  url: string;
  timeoutSeconds: number;
  clientName?: string;
}

export interface McpRecordsSession {
  /** The names `tools/list` offers (read once per session). */
  toolNames(): Promise<ReadonlySet<string>>;
  call(tool: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
  /** What the server said about itself at `initialize`. */
  readonly server: { name: string | null; protocolVersion: string | null };
  close(): Promise<void>;
}

export interface McpRecordsClient {
  open(accessToken: string): Promise<McpRecordsSession>;
  /** One tool in its own session. */
  callTool(accessToken: string, tool: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
}

export function createMcpRecordsClient(options: McpRecordsClientOptions): McpRecordsClient {
  const url = new URL(options.url);
  const timeout = options.timeoutSeconds * 1000;

  async function open(accessToken: string): Promise<McpRecordsSession> {
    const client = new Client({ name: options.clientName ?? 'healthex-connect', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } });
    try {
      await client.connect(transport, { timeout });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw classify(error, 'initialize');
    }
    let names: Promise<ReadonlySet<string>> | undefined;
    return {
      server: { name: client.getServerVersion()?.name ?? null, protocolVersion: transport.protocolVersion ?? null },
      toolNames() {
        names ??= client.listTools(undefined, { timeout }).then(
          (listed) => new Set(listed.tools.map((tool) => tool.name)),
          (error: unknown) => {
            throw classify(error, 'tools/list');
          },
        );
        return names;
      },
      async call(tool, args = {}) {
        let result;
        try {
          result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout });
        } catch (error) {
          throw classify(error, tool);
        }
        const texts = Array.isArray(result.content) ? result.content.filter((block): block is { type: 'text'; text: string } => block?.type === 'text' && typeof block.text === 'string').map((block) => block.text) : [];
        if (result.isError) {
          const detail = texts.join('\n').slice(0, 500);
          // Some servers put an auth failure in a tool error rather than a JSON-RPC error.
          if (/\b(-32001|unauthori[sz]ed)\b/i.test(detail)) throw new RecordsTokenRejectedError(`HealthEx refused the access token for ${tool} (tool error)`);
          throw new RecordsToolError(tool, detail, null, null);
        }
        const structured = typeof result.structuredContent === 'object' && result.structuredContent !== null ? (result.structuredContent as Record<string, unknown>) : null;
        if (texts.length === 0 && structured === null) throw new RecordsUnavailableError(`HealthEx's ${tool} tool returned no content`);
        return { texts, structured };
      },
      close: () => client.close().catch(() => undefined),
    };
  }

  return {
    open,
    async callTool(accessToken, tool, args = {}) {
      const session = await open(accessToken);
      try {
        return await session.call(tool, args);
      } finally {
        await session.close();
      }
    },
  };
}

/** The SDK's own request timeout is McpError -32001 too (ErrorCode.RequestTimeout): tell the two apart. */
function isSdkTimeout(error: McpError): boolean {
  return typeof (error.data as { timeout?: unknown } | undefined)?.timeout === 'number' || /request timed out/i.test(error.message);
}

function classify(error: unknown, tool: string): Error {
  if (error instanceof RecordsUnavailableError || error instanceof RecordsTokenRejectedError || error instanceof RecordsToolError) return error;
  if (error instanceof McpError) {
    if (error.code === HEALTHEX_UNAUTHORIZED && !isSdkTimeout(error)) return new RecordsTokenRejectedError(`HealthEx refused the access token for ${tool} (JSON-RPC -32001)`);
    if (isSdkTimeout(error)) return new RecordsUnavailableError(`HealthEx records request ${tool} timed out`);
    const message = error.message.replace(/^MCP error -?\d+:\s*/, '').slice(0, 500);
    return new RecordsToolError(tool, message, error.code, error.data);
  }
  if (error instanceof StreamableHTTPError) {
    // The SDK's message quotes HealthEx's response body, which holds the JSON-RPC error if any.
    if (error.code === 401 || error.code === 403 || /"code"\s*:\s*-32001\b/.test(error.message)) {
      return new RecordsTokenRejectedError(`HealthEx refused the access token for ${tool} (HTTP ${error.code})`);
    }
    return new RecordsUnavailableError(`HealthEx records request ${tool} failed (HTTP ${error.code})`, { cause: error });
  }
  return new RecordsUnavailableError(`HealthEx records request ${tool} failed (${(error as Error)?.name ?? 'error'})`, { cause: error });
}
