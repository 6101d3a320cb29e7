/**
 * The sandbox as an integrator starts it: `npx healthex-sandbox --port …` runs the package's bin
 * as npm links it (node_modules/.bin/healthex-sandbox → sandbox/bin/healthex-sandbox.js, which runs sandbox/dist/main.js: plain Node, no tsx),
 * which serves HealthEx's documented discovery document until SIGTERM. The test runs that linked
 * bin itself rather than through npx, so the signal reaches the sandbox (npx does not pass it on).
 * Flags it does not know are refused with its usage line.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT } from '../testkit/processes/service-process.js';

const run = promisify(execFile);

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'sandbox/dist/main.js'))) await run('npm', ['run', 'build', '-w', 'healthex-sandbox'], { cwd: REPO_ROOT, timeout: 120_000 });
}, 150_000);

it('the healthex-sandbox bin, --port 0, serves the documented discovery document and stops on SIGTERM', async () => {
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/healthex-sandbox'), ['--port', '0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /issuer: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`healthex-sandbox exited (${code}) before listening: ${output}`)));
  });
  const metadata = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
  expect(metadata).toMatchObject({ issuer, authorization_endpoint: `${issuer}/oauth/authorize`, code_challenge_methods_supported: ['S256'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  await expect(fetch(`${issuer}/.well-known/oauth-authorization-server`)).rejects.toThrow();
}, 60_000);

it('refuses a flag it does not know, with its usage', async () => {
  const failed = await run(process.execPath, [join(REPO_ROOT, 'sandbox/dist/main.js'), '--prot', '4010'], { cwd: REPO_ROOT }).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failed?.code).toBe(2);
  expect(failed?.stderr).toMatch(/usage: healthex-sandbox \[--port N\]/);
});
