/**
 * `npm run healthex:check`: the live-readiness check (server/readiness/). Against the real service:
 *
 *   HEALTHEX_ISSUER=https://api.healthex.io HEALTHEX_TEST_PATIENT_TOKEN=… npm run healthex:check
 *
 * Without HEALTHEX_ISSUER it starts the local sandbox (SANDBOX_VARIANTS=json-401|sse-200|text-403)
 * and signs in as its test patient Ava, so the callback's iss and refresh-token reuse are seen too.
 * The production entry, compiled and without the sandbox, is server/cli/healthex-check.ts; both call
 * runReadinessCli.
 */
import { runReadinessCli } from '../server/readiness/readiness-cli.js';
import { completeAuthorization, startSandbox, variantsFromName } from 'healthex-sandbox';

const env = process.env;
const argv = process.argv.slice(2);
if (env['HEALTHEX_ISSUER']) {
  process.exitCode = await runReadinessCli(env, argv);
} else {
  const sandbox = await startSandbox({ variants: variantsFromName(env['SANDBOX_VARIANTS']) });
  try {
    process.exitCode = await runReadinessCli(env, argv, {
      issuer: sandbox.issuer,
      label: `sandbox ${sandbox.issuer} (variants ${env['SANDBOX_VARIANTS'] || 'json-401'})`,
      signIn: async (url) => completeAuthorization(url.href, { username: 'ava@sandbox.healthex.test', decision: 'allow' }),
    });
  } finally {
    await sandbox.close();
  }
}
