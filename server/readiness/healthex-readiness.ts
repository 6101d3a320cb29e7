/**
 * The live-readiness check (`npm run healthex:check`, entry demo/healthex-check.ts): runs, against a HealthEx issuer, every step
 * the service relies on, and reports for each unknown of docs/healthex-api.md which variant
 * the server showed. Only documented calls are made; `update_records` (not read-only, rate
 * limited) only when asked. Tokens are never printed.
 */
import * as oauth from 'openid-client';
import { readListPage } from '../records/list-answer.js';
import { createMcpRecordsClient, RecordsTokenRejectedError, RecordsToolError, type McpRecordsSession } from '../records/mcp-records-client.js';
import { CATEGORY_TOOLS } from '../records/record-categories.js';
import { rateLimitOf, readRecordsStatus } from '../records/sync-answers.js';

export type StepStatus = 'ok' | 'fail' | 'skip' | 'info';
export interface Step {
  status: StepStatus;
  name: string;
  detail: string;
}

export interface ReadinessOptions {
  issuer: string;
  /** HEALTHEX_MCP_URL, or `${issuer}/mcp` (the documented URL). */
  mcpUrl: string;
  redirectUri: string;
  scope: string;
  /** A registered client to reuse instead of registering a new one. */
  clientId?: string;
  /** A test patient's access token (HealthEx's admin API issues these for test patients). */
  patientToken?: string;
  /** Sandbox only: plays the patient at the authorization URL and returns the callback URL. */
  signIn?: (authorizationUrl: URL) => Promise<URL>;
  /** Also call update_records (twice, to see the rate limit's shape). */
  callUpdate?: boolean;
  timeoutSeconds?: number;
}

export interface ReadinessReport {
  steps: Step[];
  /** Each unknown of docs/healthex-api.md and what this server showed. */
  unknowns: Record<string, string>;
  ok: boolean;
}

const DOCUMENTED_FIELDS = ['issuer', 'authorization_endpoint', 'token_endpoint', 'revocation_endpoint', 'registration_endpoint', 'scopes_supported', 'code_challenge_methods_supported'];
const USED_TOOLS = [...new Set([...Object.values(CATEGORY_TOOLS).flat(), 'get_health_summary', 'check_records_status', 'update_records'])];

export async function runReadinessCheck(options: ReadinessOptions): Promise<ReadinessReport> {
  const steps: Step[] = [];
  const unknowns: Record<string, string> = {};
  const step = (status: StepStatus, name: string, detail: string) => steps.push({ status, name, detail });
  const insecure = new URL(options.issuer).protocol === 'http:';
  const requestOptions = { algorithm: 'oauth2' as const, timeout: options.timeoutSeconds ?? 10, ...(insecure ? { execute: [oauth.allowInsecureRequests] } : {}) };
  const finish = (): ReadinessReport => ({ steps, unknowns, ok: steps.every((s) => s.status !== 'fail') });

  // 1. Discovery (RFC 8414), and the fields the service needs.
  let metadata: Record<string, unknown>;
  try {
    const response = await fetch(new URL('/.well-known/oauth-authorization-server', options.issuer), { signal: AbortSignal.timeout(10_000) });
    metadata = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    step('fail', 'discovery', `GET /.well-known/oauth-authorization-server failed: ${(error as Error).message}`);
    return finish();
  }
  const missing = DOCUMENTED_FIELDS.filter((field) => metadata[field] === undefined);
  const s256 = Array.isArray(metadata['code_challenge_methods_supported']) && (metadata['code_challenge_methods_supported'] as unknown[]).includes('S256');
  const scopes = Array.isArray(metadata['scopes_supported']) ? (metadata['scopes_supported'] as string[]) : [];
  const issuerMatches = metadata['issuer'] === options.issuer;
  const good = missing.length === 0 && s256 && issuerMatches && options.scope.split(' ').every((scope) => scopes.includes(scope));
  step(good ? 'ok' : 'fail', 'discovery', good ? `issuer ${options.issuer}, all ${DOCUMENTED_FIELDS.length} documented fields, S256, scopes ${scopes.join(' ')}` : `missing ${missing.join(', ') || 'none'}; S256 ${s256}; issuer matches ${issuerMatches}; scopes ${scopes.join(' ')}`);
  const extra = Object.keys(metadata).filter((key) => !DOCUMENTED_FIELDS.includes(key));
  step('info', 'undocumented metadata', extra.length ? extra.join(', ') : 'none (as in the documented example)');
  unknowns['iss parameter advertised (RFC 9207)'] = metadata['authorization_response_iss_parameter_supported'] === true ? 'yes' : 'no';
  if (!good) return finish();

  // 2. Registration (RFC 7591), or the stored client.
  let config: oauth.Configuration;
  try {
    if (options.clientId) {
      config = await oauth.discovery(new URL(options.issuer), options.clientId, undefined, oauth.None(), requestOptions);
      step('ok', 'client', `using the stored client ${options.clientId}`);
    } else {
      config = await oauth.dynamicClientRegistration(
        new URL(options.issuer),
        { client_name: 'healthex-connect readiness check', redirect_uris: [options.redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], scope: options.scope },
        oauth.None(),
        requestOptions,
      );
      const client = config.clientMetadata();
      step('ok', 'registration', `public client ${client.client_id}, client_secret_expires_at ${String(client['client_secret_expires_at'] ?? 'absent')}`);
    }
  } catch (error) {
    step('fail', 'registration', (error as Error).message);
    return finish();
  }

  // 3. An authorization URL, which must lead to HealthEx's sign-in rather than an error.
  const verifier = oauth.randomPKCECodeVerifier();
  const state = oauth.randomState();
  const authorizationUrl = oauth.buildAuthorizationUrl(config, { redirect_uri: options.redirectUri, scope: options.scope, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  try {
    const answer = await fetch(authorizationUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const location = answer.headers.get('location') ?? '';
    const refused = answer.status >= 400 || location.startsWith(options.redirectUri);
    step(refused ? 'fail' : 'ok', 'authorization URL', `${authorizationUrl.origin}${authorizationUrl.pathname} answered HTTP ${answer.status}${refused ? ` ${location}` : ' (sign-in)'}`);
  } catch (error) {
    step('fail', 'authorization URL', (error as Error).message);
  }

  // 4. The MCP endpoint refuses an anonymous call, and names its protected-resource metadata.
  const anonymous = await rawCall(options.mcpUrl, null);
  unknowns['HTTP status carrying -32001'] = anonymous.rpcCode === -32001 ? String(anonymous.status) : `no -32001 seen (HTTP ${anonymous.status}, code ${anonymous.rpcCode ?? 'none'})`;
  step(anonymous.rpcCode === -32001 || anonymous.status === 401 ? 'ok' : 'fail', 'anonymous MCP call refused', `HTTP ${anonymous.status}, JSON-RPC ${anonymous.rpcCode ?? 'none'}${anonymous.challenge ? `, WWW-Authenticate: ${anonymous.challenge}` : ', no WWW-Authenticate'}`);
  const prmUrl = /resource_metadata="([^"]+)"/.exec(anonymous.challenge ?? '')?.[1] ?? new URL('/.well-known/oauth-protected-resource', options.mcpUrl).href;
  try {
    const prm = (await (await fetch(prmUrl, { signal: AbortSignal.timeout(10_000) })).json()) as { resource?: string; authorization_servers?: string[] };
    const matches = prm.resource === options.mcpUrl && (prm.authorization_servers ?? []).includes(options.issuer);
    step(matches ? 'ok' : 'fail', 'protected-resource metadata (RFC 9728, secondary)', `${prmUrl}: resource ${prm.resource}, authorization_servers ${(prm.authorization_servers ?? []).join(' ')}`);
  } catch (error) {
    step('fail', 'protected-resource metadata (RFC 9728, secondary)', `${prmUrl}: ${(error as Error).message}`);
  }
  const malformed = await rawCall(options.mcpUrl, 'malformed-token');
  step(malformed.rpcCode === -32001 ? 'ok' : 'fail', 'malformed token refused', `HTTP ${malformed.status}, JSON-RPC ${malformed.rpcCode ?? 'none'}`);

  // 5. Sign-in (sandbox only): the callback's iss, and what a reused refresh token does.
  let token = options.patientToken;
  let refreshToken: string | null = null;
  if (options.signIn) {
    try {
      const callback = await options.signIn(authorizationUrl);
      unknowns['callback carries iss'] = callback.searchParams.has('iss') ? `yes (${callback.searchParams.get('iss') === options.issuer ? 'matches the issuer' : 'DOES NOT match the issuer'})` : 'no';
      const tokens = await oauth.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      step('ok', 'code exchange', `token fields: ${Object.keys(tokens).filter((key) => !key.endsWith('_token')).sort().join(', ')}`);
      token ??= tokens.access_token;
      refreshToken = tokens.refresh_token ?? null;
    } catch (error) {
      step('fail', 'sign-in', (error as Error).message);
    }
  } else {
    unknowns['callback carries iss'] = 'not observable here: see the service log line "HealthEx callback" after a real sign-in';
    unknowns['reused refresh token'] = 'not checked (it could end the test grant)';
  }

  // 6. With a test patient's token: tools/list and one call of each tool the service uses.
  if (!token) step('skip', 'records', 'set HEALTHEX_TEST_PATIENT_TOKEN to a test patient\'s access token to check the MCP tools');
  else await checkRecords(options, token, step, unknowns);

  // 7. Last, as it may end the grant: rotation, and what presenting the old refresh token again does.
  if (refreshToken) {
    try {
      const rotated = await oauth.refreshTokenGrant(config, refreshToken);
      const reuse = await oauth.refreshTokenGrant(config, refreshToken).then(() => 'accepted', (error: unknown) => (error as { error?: string }).error ?? 'error');
      const survives = rotated.refresh_token ? await oauth.refreshTokenGrant(config, rotated.refresh_token).then(() => true, () => false) : false;
      unknowns['reused refresh token'] = `${reuse}; grant ${survives ? 'kept' : 'revoked'}`;
      step(reuse === 'invalid_grant' ? 'ok' : 'fail', 'refresh rotation', `rotated: ${rotated.refresh_token !== refreshToken}; reuse answered ${reuse}`);
    } catch (error) {
      step('fail', 'refresh rotation', (error as Error).message);
    }
  }
  return finish();
}

async function checkRecords(options: ReadinessOptions, token: string, step: (status: StepStatus, name: string, detail: string) => void, unknowns: Record<string, string>): Promise<void> {
  const initialize = await rawCall(options.mcpUrl, token, 'initialize');
  unknowns['MCP answers as'] = initialize.contentType.includes('text/event-stream') ? 'SSE' : initialize.contentType.includes('json') ? 'JSON' : initialize.contentType || 'unknown';
  const client = createMcpRecordsClient({ url: options.mcpUrl, timeoutSeconds: options.timeoutSeconds ?? 10 });
  let session: McpRecordsSession;
  try {
    session = await client.open(token);
  } catch (error) {
    step('fail', 'initialize', error instanceof RecordsTokenRejectedError ? 'the test patient token was refused (-32001)' : (error as Error).message);
    return;
  }
  try {
    step('ok', 'initialize', `server "${session.server.name}", protocol ${session.server.protocolVersion}`);
    const offered = await session.toolNames();
    const absent = USED_TOOLS.filter((tool) => !offered.has(tool));
    step(absent.length === 0 ? 'ok' : 'info', 'tools/list', `${offered.size} tools; used by the service and missing: ${absent.join(', ') || 'none'}`);
    const shapes = new Set<string>();
    for (const tool of Object.values(CATEGORY_TOOLS).flat().filter((name) => offered.has(name))) {
      try {
        const page = readListPage(await session.call(tool));
        shapes.add(page.shape);
        step('ok', tool, `${page.count} records on the first page (${page.shape})${page.more ? `, more: beforeDate ${page.nextBeforeDate ?? 'not given'}` : ''}`);
      } catch (error) {
        step('fail', tool, `${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    unknowns['list text format'] = shapes.size ? [...shapes].join(', ') : 'not seen';
    if (offered.has('get_health_summary')) {
      const summary = await session.call('get_health_summary').then((answer) => `${answer.texts.length} text block(s)${answer.structured ? ' + structuredContent' : ''}`, (error: unknown) => `failed: ${(error as Error).message}`);
      step(summary.startsWith('failed') ? 'fail' : 'ok', 'get_health_summary', summary);
    }
    if (offered.has('check_records_status')) {
      const status = await session.call('check_records_status').then(readRecordsStatus, () => null);
      step(status ? 'ok' : 'fail', 'check_records_status', status ? `last updated ${status.lastUpdatedAt ?? 'unreadable'}, updating ${status.updating ?? 'unreadable'}` : 'failed');
    }
    if (options.callUpdate && offered.has('update_records')) {
      const once = async () => session.call('update_records').then(() => 'started', (error: unknown) => {
        const limited = rateLimitOf(error);
        if (limited) return `rate limited (${error instanceof RecordsToolError && error.rpcCode !== null ? `JSON-RPC ${error.rpcCode}` : 'tool error'}, retry after ${limited.retryAfterSeconds ?? 'not given'})`;
        return `error: ${(error as Error).message}`;
      });
      const first = await once();
      const second = await once();
      unknowns['update_records rate limit'] = second;
      step(first.startsWith('error') ? 'fail' : 'ok', 'update_records', `first: ${first}; again at once: ${second}`);
    } else {
      unknowns['update_records rate limit'] = 'not checked (pass --update)';
    }
  } finally {
    await session.close();
  }
}

/** One raw JSON-RPC POST, to see what the SDK hides: the HTTP status, content type and headers. */
async function rawCall(url: string, token: string | null, method = 'tools/list') {
  const params = method === 'initialize' ? { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'healthex-check', version: '1.0.0' } } : {};
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    const code = /"code"\s*:\s*(-?\d+)/.exec(body)?.[1];
    return { status: response.status, rpcCode: code === undefined ? null : Number(code), challenge: response.headers.get('www-authenticate'), contentType: response.headers.get('content-type') ?? '' };
  } catch (error) {
    return { status: 0, rpcCode: null, challenge: null, contentType: '', error: (error as Error).message };
  }
}

export function formatReport(report: ReadinessReport, target: string): string {
  const mark: Record<StepStatus, string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip', info: 'info' };
  return [
    `HealthEx readiness check: ${target}`,
    ...report.steps.map((s) => `  ${mark[s.status]} ${s.name}: ${s.detail}`),
    'Unknowns of docs/healthex-api.md, as this server showed them:',
    ...Object.entries(report.unknowns).map(([name, value]) => `  - ${name}: ${value}`),
    report.ok ? 'Result: ready (no step failed)' : 'Result: NOT ready (see FAIL above)',
  ].join('\n');
}
