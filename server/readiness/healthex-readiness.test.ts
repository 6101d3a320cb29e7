/**
 * The readiness check against the sandbox in each variant: every step passes, and each unknown is
 * reported as the variant the sandbox played.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { completeAuthorization, startSandbox, VARIANT_SETS, type Sandbox } from 'healthex-sandbox';
import { formatReport, runReadinessCheck } from './healthex-readiness.js';

const sandboxes: Sandbox[] = [];
afterAll(() => Promise.all(sandboxes.map((sandbox) => sandbox.close())));

describe.each(Object.entries(VARIANT_SETS))('healthex:check on the sandbox, variant %s', (_name, variants) => {
  it('passes every step and names the variant of each unknown', async () => {
    const sandbox = await startSandbox({ variants });
    sandboxes.push(sandbox);
    const report = await runReadinessCheck({
      issuer: sandbox.issuer,
      mcpUrl: `${sandbox.issuer}/mcp`,
      redirectUri: 'http://127.0.0.1:9/auth/healthex/callback',
      scope: 'patient/*.read offline_access',
      callUpdate: true,
      signIn: async (url) => completeAuthorization(url.href, { username: 'ava@sandbox.healthex.test', decision: 'allow' }),
    });
    expect(report.steps.filter((step) => step.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.unknowns).toMatchObject({
      'iss parameter advertised (RFC 9207)': 'no',
      'HTTP status carrying -32001': String(variants.unauthorizedStatus),
      'callback carries iss': variants.callbackIss ? 'yes (matches the issuer)' : 'no',
      'MCP answers as': variants.mcpResponses === 'sse' ? 'SSE' : 'JSON',
      'list text format': variants.listFormat,
      'reused refresh token': `invalid_grant; grant ${variants.refreshReuseRevokesGrant ? 'revoked' : 'kept'}`,
      'update_records rate limit': expect.stringMatching(variants.rateLimitSignal === 'jsonrpc-error' ? /JSON-RPC/ : /tool error/),
    });
    const printed = formatReport(report, sandbox.issuer);
    expect(printed).toContain('Result: ready');
    expect(printed).not.toMatch(/eyJ|access_token"/); // never a token
  });
});

it('fails clearly when the issuer is not there', async () => {
  const report = await runReadinessCheck({ issuer: 'http://127.0.0.1:9', mcpUrl: 'http://127.0.0.1:9/mcp', redirectUri: 'http://127.0.0.1:9/cb', scope: 'patient/*.read offline_access' });
  expect(report.ok).toBe(false);
  expect(report.steps[0]).toMatchObject({ status: 'fail', name: 'discovery' });
});
