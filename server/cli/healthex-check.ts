/**
 * The production entry of the HealthEx readiness check (server/readiness/), compiled into the build:
 *
 *   HEALTHEX_ISSUER=https://api.healthex.io HEALTHEX_TEST_PATIENT_TOKEN=… node server/dist/cli/healthex-check.js [--update]
 *
 * HEALTHEX_ISSUER is required: this entry never starts a local sandbox (exit 2 without it). The
 * development entry demo/healthex-check.ts (`npm run healthex:check`) calls the same
 * runReadinessCli and starts the sandbox when no issuer is set.
 */
import { runReadinessCli } from '../readiness/readiness-cli.js';

process.exitCode = await runReadinessCli(process.env, process.argv.slice(2));
