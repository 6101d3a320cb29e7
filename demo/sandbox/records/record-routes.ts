/**
 * HealthEx's record access in the sandbox, served before oidc-provider's own routes:
 * - `POST /mcp` — the MCP endpoint (Streamable HTTP, stateless, JSON responses).
 * - `GET /fhir/<Type>?patient=<id>[&category=<code>]` — a FHIR R4 searchset Bundle;
 *   `GET /fhir/Patient/<id>` — the patient.
 * Both need `Authorization: Bearer <access token>` and answer 401 with an RFC 6750 challenge
 * without a valid one. `advertiseRecordEndpoints` adds both URLs to the OAuth metadata.
 */
import type { IncomingMessage } from 'node:http';

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context, Middleware } from 'koa';
import type { Provider } from 'oidc-provider';

import type { ProviderChoices } from '../interactions.js';
import { OAUTH_METADATA_PATH } from '../oauth-metadata.js';
import type { FhirResource } from './fhir-builders.js';
import { createRecordsMcpServer } from './mcp-server.js';
import { bearerChallenge, bearerOf, recordAccessFor, type RecordAccess } from './record-access.js';

export const MCP_PATH = '/mcp';
export const FHIR_PATH = '/fhir';
const MAX_MCP_BODY_BYTES = 64 * 1024;

const FHIR_TYPES = new Set([
  'Patient',
  'Condition',
  'Observation',
  'MedicationRequest',
  'Procedure',
  'Immunization',
  'AllergyIntolerance',
  'DiagnosticReport',
  'Encounter',
  'DocumentReference',
]);
const FHIR_ROUTE = /^\/fhir\/([A-Za-z]+)(?:\/([A-Za-z0-9.-]{1,64}))?$/;

export function recordRoutes(provider: Provider, choices: ProviderChoices): Middleware {
  return async (ctx, next) => {
    const isMcp = ctx.path === MCP_PATH;
    const fhir = FHIR_ROUTE.exec(ctx.path);
    if (!isMcp && !fhir) return next();
    ctx.set('Cache-Control', 'no-store');

    const token = bearerOf(ctx.get('Authorization') || undefined);
    const checked = await recordAccessFor(provider, choices, token);
    if (!checked.ok) {
      // RFC 6750 §3.1: no error code when the request carried no token at all.
      const error = token === null ? undefined : checked;
      ctx.status = checked.error === 'insufficient_scope' ? 403 : 401;
      ctx.set('WWW-Authenticate', bearerChallenge(error && { error: error.error, description: error.description }));
      ctx.body = { error: checked.error, error_description: checked.description };
      return;
    }
    if (isMcp) return serveMcp(ctx, checked.access);
    return serveFhir(ctx, checked.access, fhir![1]!, fhir![2]);
  };
}

/** Stateless Streamable HTTP: a fresh server and transport per request, closed with the response. */
async function serveMcp(ctx: Context, access: RecordAccess): Promise<void> {
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
  const server = createRecordsMcpServer(access);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  ctx.respond = false; // the transport writes the Node response itself
  ctx.res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(ctx.req, ctx.res, body);
}

function serveFhir(ctx: Context, access: RecordAccess, type: string, id: string | undefined): void {
  ctx.type = 'application/fhir+json';
  if (ctx.method !== 'GET') {
    ctx.status = 405;
    ctx.set('Allow', 'GET');
    ctx.body = outcome('not-supported', 'Only reads (GET) are supported.');
    return;
  }
  if (!FHIR_TYPES.has(type)) {
    ctx.status = 404;
    ctx.body = outcome('not-supported', `Resource type ${type} is not served.`);
    return;
  }
  if (id !== undefined) {
    const found = access.records.find((resource) => resource.resourceType === type && resource.id === id);
    ctx.status = found ? 200 : 404;
    ctx.body = found ?? outcome('not-found', `${type}/${id} is not known.`);
    return;
  }
  const patient = typeof ctx.query['patient'] === 'string' ? ctx.query['patient'].replace(/^Patient\//, '') : undefined;
  if (patient !== undefined && patient !== access.patient.id) {
    // A token only ever reads its own patient's records.
    ctx.status = 403;
    ctx.body = outcome('forbidden', 'This access token does not cover that patient.');
    return;
  }
  const category = typeof ctx.query['category'] === 'string' ? ctx.query['category'] : undefined;
  const matches = access.records.filter((resource) => resource.resourceType === type && (category === undefined || hasCategory(resource, category)));
  ctx.body = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: matches.length,
    entry: matches.map((resource) => ({ fullUrl: `${ctx.origin}${FHIR_PATH}/${type}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}

function hasCategory(resource: FhirResource, code: string): boolean {
  const categories = resource['category'];
  if (!Array.isArray(categories)) return false;
  return categories.some((concept: { coding?: Array<{ code?: string }> } | string) =>
    typeof concept === 'string' ? concept === code : (concept.coding ?? []).some((coding) => coding.code === code),
  );
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** Adds the record endpoints to the RFC 8414 metadata (must run outside `oauthMetadataOnly`). */
export function advertiseRecordEndpoints(issuer: string): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path === OAUTH_METADATA_PATH && ctx.method === 'GET' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null) {
      ctx.body = { ...(ctx.body as Record<string, unknown>), healthex_mcp_endpoint: `${issuer}${MCP_PATH}`, healthex_fhir_base_url: `${issuer}${FHIR_PATH}` };
    }
  };
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
