/**
 * A tiny HTTP server that answers MCP JSON-RPC with fixed fixtures written from
 * docs/healthex-api.md's documented shapes, for contract tests of the records client that do
 * not depend on the sandbox's own choices. It speaks just enough Streamable HTTP: `initialize`
 * (2024-11-05, "HealthEx MCP Server"), 202 for notifications, `tools/list`, and `tools/call`
 * answered by the test's `call` function (a result, or a JSON-RPC error with an HTTP status).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureAnswer =
  | { result: Record<string, unknown> }
  | { error: { code: number; message: string; data?: unknown }; httpStatus?: number };

export interface FixtureOptions {
  /** What tools/list offers (a function: read at each request). */
  tools: string[] | (() => string[]);
  call(name: string, args: Record<string, unknown>): FixtureAnswer;
  /** Answer as an SSE stream instead of JSON. */
  sse?: boolean;
}

export interface FixtureServer {
  url: string;
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startFixtureServer(options: FixtureOptions): Promise<FixtureServer> {
  const calls: FixtureServer['calls'] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: number | string; method: string; params?: Record<string, unknown> };
      if (message.id === undefined) {
        res.writeHead(202).end(); // documented: notifications/initialized → 202, no body
        return;
      }
      let answer: FixtureAnswer;
      if (message.method === 'initialize') {
        answer = { result: { protocolVersion: '2024-11-05', capabilities: { tools: {} }, serverInfo: { name: 'HealthEx MCP Server', version: '1.0.0' } } };
      } else if (message.method === 'tools/list') {
        answer = { result: { tools: (typeof options.tools === 'function' ? options.tools() : options.tools).map((name) => ({ name, inputSchema: { type: 'object' } })) } };
      } else if (message.method === 'tools/call') {
        const name = String(message.params?.['name']);
        const args = (message.params?.['arguments'] ?? {}) as Record<string, unknown>;
        calls.push({ name, args });
        answer = options.call(name, args);
      } else {
        answer = { error: { code: -32601, message: 'Method not found' } };
      }
      const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, ...('result' in answer ? { result: answer.result } : { error: answer.error }) });
      const status = 'error' in answer ? (answer.httpStatus ?? 200) : 200;
      if (options.sse && status === 200) res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`event: message\ndata: ${body}\n\n`);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Documented: tool results are text content; a search with no hits is `[]`. */
export const text = (...blocks: string[]): FixtureAnswer => ({ result: { content: blocks.map((block) => ({ type: 'text', text: block })) } });
/** Documented: a missing, expired or malformed token (HTTP status unknown). */
export const unauthorized = (httpStatus: number): FixtureAnswer => ({ error: { code: -32001, message: 'Unauthorized' }, httpStatus });
/** Documented: a document that does not exist or is not the patient's. */
export const documentNotFound: FixtureAnswer = { error: { code: -32002, message: 'Document not found' } };
