/**
 * The command line of the readiness check: reads its settings from the environment, runs
 * runReadinessCheck, prints the report and returns the exit code (1 when a step failed, 2 when
 * HEALTHEX_ISSUER is missing). Two entry points call it: server/cli/healthex-check.ts (compiled, for
 * production: `node server/dist/cli/healthex-check.js`, HEALTHEX_ISSUER required) and
 * demo/healthex-check.ts (`npm run healthex:check`), which starts the local sandbox when no
 * HEALTHEX_ISSUER is set.
 *
 * Environment: HEALTHEX_ISSUER, HEALTHEX_MCP_URL (default `${HEALTHEX_ISSUER}/mcp`),
 * HEALTHEX_TEST_PATIENT_TOKEN (a test patient's access token), HEALTHEX_CHECK_CLIENT_ID (reuse a
 * registered client), HEALTHEX_CHECK_REDIRECT_URI, HEALTHEX_SCOPE. `--update` also calls
 * update_records (twice: it is rate limited).
 */
import { formatReport, runReadinessCheck } from './healthex-readiness.js';

export interface LocalIssuer {
  issuer: string;
  label: string;
  signIn(authorizationUrl: URL): Promise<URL>;
}

export async function runReadinessCli(env: NodeJS.ProcessEnv, argv: readonly string[], local?: LocalIssuer): Promise<number> {
  const issuer = (local?.issuer ?? env['HEALTHEX_ISSUER'] ?? '').replace(/\/+$/, '');
  if (!issuer) {
    console.error('HEALTHEX_ISSUER is required (e.g. HEALTHEX_ISSUER=https://api.healthex.io); this check does not start a sandbox (for that: npm run healthex:check)');
    return 2;
  }
  const report = await runReadinessCheck({
    issuer,
    mcpUrl: (env['HEALTHEX_MCP_URL'] ?? `${issuer}/mcp`).replace(/\/+$/, ''),
    redirectUri: env['HEALTHEX_CHECK_REDIRECT_URI'] ?? 'http://127.0.0.1:4000/auth/healthex/callback',
    scope: env['HEALTHEX_SCOPE'] ?? 'patient/*.read offline_access',
    callUpdate: argv.includes('--update'),
    ...(env['HEALTHEX_CHECK_CLIENT_ID'] ? { clientId: env['HEALTHEX_CHECK_CLIENT_ID'] } : {}),
    ...(env['HEALTHEX_TEST_PATIENT_TOKEN'] ? { patientToken: env['HEALTHEX_TEST_PATIENT_TOKEN'] } : {}),
    ...(local ? { signIn: local.signIn } : {}),
  });
  console.log(formatReport(report, local?.label ?? issuer));
  return report.ok ? 0 : 1;
}
