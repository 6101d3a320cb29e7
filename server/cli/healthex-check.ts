/**
 * `npm run healthex:check`: the live-readiness check (server/readiness/healthex-readiness.ts).
 *
 *   npm run healthex:check                              the local sandbox (SANDBOX_VARIANTS=json-401|sse-200|text-403)
 *   HEALTHEX_ISSUER=https://api.healthex.io \
 *   HEALTHEX_TEST_PATIENT_TOKEN=… npm run healthex:check   the real service, as a test patient
 *
 * Options: --update also calls update_records (twice: it is rate limited). Environment:
 * HEALTHEX_MCP_URL (default `${HEALTHEX_ISSUER}/mcp`), HEALTHEX_CHECK_CLIENT_ID (reuse a registered
 * client instead of registering one), HEALTHEX_CHECK_REDIRECT_URI, HEALTHEX_SCOPE.
 * Exits 1 when a step failed.
 */
import { completeAuthorization } from '../../demo/sandbox/complete-authorization.js';
import { startSandbox, variantsFromName } from '../../demo/sandbox/start-sandbox.js';
import { formatReport, runReadinessCheck } from '../readiness/healthex-readiness.js';

const env = process.env;
const scope = env['HEALTHEX_SCOPE'] ?? 'patient/*.read offline_access';
const redirectUri = env['HEALTHEX_CHECK_REDIRECT_URI'] ?? 'http://127.0.0.1:4000/auth/healthex/callback';
const callUpdate = process.argv.includes('--update');

const sandbox = env['HEALTHEX_ISSUER'] ? null : await startSandbox({ variants: variantsFromName(env['SANDBOX_VARIANTS']) });
const issuer = (env['HEALTHEX_ISSUER'] ?? sandbox!.issuer).replace(/\/+$/, '');
try {
  const report = await runReadinessCheck({
    issuer,
    mcpUrl: (env['HEALTHEX_MCP_URL'] ?? `${issuer}/mcp`).replace(/\/+$/, ''),
    redirectUri,
    scope,
    callUpdate,
    ...(env['HEALTHEX_CHECK_CLIENT_ID'] ? { clientId: env['HEALTHEX_CHECK_CLIENT_ID'] } : {}),
    ...(env['HEALTHEX_TEST_PATIENT_TOKEN'] ? { patientToken: env['HEALTHEX_TEST_PATIENT_TOKEN'] } : {}),
    // The sandbox's test patient signs in by itself; at the real HealthEx a person would.
    ...(sandbox ? { signIn: async (url: URL) => completeAuthorization(url.href, { username: 'ava@sandbox.healthex.test', decision: 'allow' }) } : {}),
  });
  console.log(formatReport(report, sandbox ? `sandbox ${issuer} (variants ${env['SANDBOX_VARIANTS'] || 'json-401'})` : issuer));
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await sandbox?.close();
}
