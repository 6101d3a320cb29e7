/**
 * HealthEx's MCP endpoint in the sandbox, served before oidc-provider's own routes:
 * - `POST /mcp`: JSON-RPC 2.0 over Streamable HTTP, stateless, `Authorization: Bearer <token>`,
 *   `Accept: application/json, text/event-stream`; answers as JSON or SSE (a variant).
 *   `initialize` answers protocol version 2024-11-05 as HealthEx documents; `notifications/initialized` 202.
 *   A missing, expired or malformed token is the JSON-RPC error -32001 "Unauthorized", carried by
 *   the HTTP status the variant chooses (HealthEx does not say which).
 * - `GET /.well-known/oauth-protected-resource`: RFC 9728 metadata (secondary at HealthEx), named
 *   in the `WWW-Authenticate` header of a refused call.
 * Nothing else: HealthEx's FHIR API is organisation-level and takes no patient token.
 */
import type { IncomingMessage } from 'node:http';

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context, Middleware } from 'koa';
import type { Provider } from 'oidc-provider';

import type { ProviderChoices } from '../interactions.js';
import { SUPPORTED_SCOPES } from '../test-data.js';
import { UNAUTHORIZED, createRecordsMcpServer, type McpSettings } from './mcp-server.js';
import { bearerOf, recordAccessFor, type RecordAccess } from './record-access.js';

export const MCP_PATH = '/mcp';
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';
/** The protocol version HealthEx documents for `initialize`. */
export const HEALTHEX_PROTOCOL_VERSION = '2024-11-05';
const MAX_MCP_BODY_BYTES = 64 * 1024;

export function protectedResourceMetadata(issuer: string) {
  return {
    resource: `${issuer}${MCP_PATH}`,
    authorization_servers: [issuer],
    scopes_supported: [...SUPPORTED_SCOPES],
    bearer_methods_supported: ['header'],
    resource_name: 'HealthEx MCP Server',
  };
}

export function recordRoutes(provider: Provider, choices: ProviderChoices, issuer: string, settings: McpSettings): Middleware {
  return async (ctx, next) => {
    if (ctx.path === PROTECTED_RESOURCE_PATH && ctx.method === 'GET') {
      ctx.body = protectedResourceMetadata(issuer);
      return;
    }
    if (ctx.path !== MCP_PATH) return next();
    ctx.set('Cache-Control', 'no-store');

    if (ctx.method !== 'POST') {
      // No server-initiated stream and no sessions in stateless mode.
      ctx.status = 405;
      ctx.set('Allow', 'POST');
      ctx.body = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null };
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(ctx.req, MAX_MCP_BODY_BYTES));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      ctx.status = tooLarge ? 413 : 400;
      if (tooLarge) ctx.set('Connection', 'close');
      ctx.body = { jsonrpc: '2.0', error: { code: -32700, message: tooLarge ? 'Request too large.' : 'Parse error.' }, id: null };
      return;
    }

    const token = bearerOf(ctx.get('Authorization') || undefined);
    const checked = await recordAccessFor(provider, choices, token);
    if (!checked.ok) {
      ctx.status = settings.variants.unauthorizedStatus;
      if (ctx.status !== 200) {
        // RFC 6750 §3.1: no error code when the request carried no token at all; RFC 9728 §5.1: where the metadata is.
        const error = token === null ? '' : `, error="invalid_token"`;
        ctx.set('WWW-Authenticate', `Bearer resource_metadata="${issuer}${PROTECTED_RESOURCE_PATH}"${error}`);
      }
      ctx.body = { jsonrpc: '2.0', error: { code: UNAUTHORIZED, message: 'Unauthorized' }, id: idOf(body) };
      return;
    }
    return serveMcp(ctx, checked.access, pinProtocolVersion(body), settings);
  };
}

function idOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** HealthEx answers `initialize` with 2024-11-05 whatever the client asks; the SDK server echoes what it is asked. */
function pinProtocolVersion(body: unknown): unknown {
  const pin = (message: unknown) => {
    const m = message as { method?: unknown; params?: Record<string, unknown> } | null;
    return m?.method === 'initialize' && typeof m.params === 'object' && m.params !== null ? { ...m, params: { ...m.params, protocolVersion: HEALTHEX_PROTOCOL_VERSION } } : message;
  };
  return Array.isArray(body) ? body.map(pin) : pin(body);
}

/** Stateless Streamable HTTP: a fresh server and transport per request, closed with the response. */
async function serveMcp(ctx: Context, access: RecordAccess, body: unknown, settings: McpSettings): Promise<void> {
  const server = createRecordsMcpServer(access, settings);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: settings.variants.mcpResponses === 'json' });
  ctx.respond = false; // the transport writes the Node response itself
  ctx.res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(ctx.req, ctx.res, body);
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, let the rest drain so the 413 can still be answered.
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
