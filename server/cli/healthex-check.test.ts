/**
 * The compiled readiness entry (server/cli/healthex-check.ts) as a real process: it refuses to run
 * without HEALTHEX_ISSUER (exit 2, never a sandbox of its own), and with one it runs the checks
 * against that issuer — here a sandbox this test starts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from 'healthex-sandbox';

const run = promisify(execFile);
const ENTRY = fileURLToPath(new URL('./healthex-check.ts', import.meta.url));
const baseEnv = { PATH: process.env.PATH ?? '' };

async function check(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...baseEnv, ...env }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

it('refuses to run without HEALTHEX_ISSUER, saying so (exit 2)', async () => {
  const result = await check({});
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^HEALTHEX_ISSUER is required/m);
  expect(result.stdout).not.toMatch(/sandbox http/); // it started nothing of its own
});

it('runs the checks against the issuer it is given', async () => {
  const result = await check({ HEALTHEX_ISSUER: sandbox.issuer });
  expect(result.stderr).not.toMatch(/HEALTHEX_ISSUER is required/);
  expect(result.stdout).toContain(`HealthEx readiness check: ${sandbox.issuer}`);
  expect(result.stdout).toMatch(/discovery/);
  expect(result.stdout).toContain('Result: ready');
  expect(result.code).toBe(0);
}, 60_000);
