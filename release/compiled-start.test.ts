/**
 * The documented production start, exactly: `npm run build`, then in a fresh directory holding
 * only package.json, package-lock.json and the build output, `npm ci --omit=dev` and
 * `node server/dist/main.js` with NODE_ENV=production. It must answer /readyz against a real
 * database, serve the widget and /metrics, stop cleanly on SIGTERM — and refuse to start at all
 * when half-configured. The operator CLIs run from the same build (`node server/dist/cli/…`).
 */
import { execFile } from 'node:child_process';
import { access, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureWidgetBuild } from '../demo/stack/ensure-widget-build.js';
import { startDatabase, type RunningDatabase } from '../server/db/start-database.js';
import { deploymentEnv, REPO_ROOT, spawnServiceProcess, type ServiceProcess } from '../testkit/processes/service-process.js';

const run = promisify(execFile);
let copy: string;
let database: RunningDatabase;
let service: ServiceProcess | undefined;
let serviceEnv: NodeJS.ProcessEnv | undefined;
const exists = (path: string) => access(path).then(() => true, () => false);

beforeAll(async () => {
  await ensureWidgetBuild({ quiet: true });
  await run('npm', ['run', '--silent', 'build:server'], { cwd: REPO_ROOT });
  copy = await mkdtemp(join(tmpdir(), 'healthex-production-'));
  // The workspaces' manifests (npm ci links them) and their builds: the service, the contract it
  // imports at run time, the widget it serves. No sources.
  for (const file of ['package.json', 'package-lock.json', 'contract/package.json', 'widget/package.json', 'server/package.json', 'sandbox/package.json']) {
    await cp(join(REPO_ROOT, file), join(copy, file));
  }
  for (const dist of ['server/dist', 'contract/dist', 'widget/dist']) await cp(join(REPO_ROOT, dist), join(copy, dist), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: copy, timeout: 240_000 });
  // A real database: the embedded engine, started the way the tests start it; production names its own.
  database = await startDatabase({ PATH: process.env.PATH ?? '' });
}, 300_000);

afterAll(async () => {
  await service?.stop();
  await database?.stop();
  if (copy) await rm(copy, { recursive: true, force: true });
});

it('npm ci --omit=dev installs no dev tooling and keeps the optional embedded engine', async () => {
  expect(await exists(join(copy, 'node_modules/tsx'))).toBe(false);
  // (typescript itself is there: @trpc/server lists it as a peer dependency; nothing loads it.)
  expect(await exists(join(copy, 'node_modules/rollup'))).toBe(false);
  expect(await exists(join(copy, 'node_modules/vitest'))).toBe(false);
  expect(await exists(join(copy, 'node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb'))).toBe(true);
});

it('with NODE_ENV=production and nothing configured, it refuses to start and names everything missing', async () => {
  const result = await run(process.execPath, ['server/dist/main.js'], { cwd: copy, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
  expect(result.code).toBe(1);
  for (const variable of ['MONGODB_URI', 'TOKEN_ENCRYPTION_KEYS', 'TOKEN_ENCRYPTION_ACTIVE_KEY', 'CONNECT_TOKEN_ISSUERS', 'PUBLIC_URL']) {
    expect(result.stderr).toMatch(new RegExp(`^  - ${variable}: .*NODE_ENV=production`, 'm'));
  }
  expect(result.stderr.match(/^Invalid configuration:/gm)).toHaveLength(1); // one message
});

it('runs with plain node from the build: /readyz, the compressed widget file and /metrics', async () => {
  const { env } = deploymentEnv({
    mongodbUri: database.uri,
    healthexIssuer: 'https://healthex.invalid', // not contacted before a patient begins
    extra: { NODE_ENV: 'production', PUBLIC_URL: 'https://connect.salus.test', SHUTDOWN_DELAY_SECONDS: '0', SHUTDOWN_DEADLINE_SECONDS: '5' },
  });
  serviceEnv = env;
  service = await spawnServiceProcess({ env, entry: 'compiled', cwd: copy });

  const ready = await fetch(`${service.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' });

  const manifest = (await (await fetch(`${service.url}/widget/manifest.json`)).json()) as { path: string };
  const script = await fetch(`${service.url}${manifest.path}`, { headers: { 'accept-encoding': 'br' } });
  expect(script.status).toBe(200);
  expect(script.headers.get('content-encoding')).toBe('br');

  const metrics = await (await fetch(service.metricsUrl!)).text();
  expect(metrics).toMatch(/^healthex_connect_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1$/m);
  expect(metrics).toMatch(/^healthex_connect_process_cpu_seconds_total \d/m); // the process's own metrics, from the entry point

  await service.stop();
  expect(await service.exited).toEqual({ code: 0, signal: null });
});

it('the audit-trail CLI runs from the build too: verify on the service\'s database exits 0', async () => {
  expect(serviceEnv).toBeDefined(); // the service above ran (and wrote its events) against this database
  const result = await run(process.execPath, ['server/dist/cli/audit-trail.js', 'verify'], { cwd: copy, env: serviceEnv, timeout: 30_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
  );
  expect(result.stdout).toMatch(/^(OK: \d+ events|The audit trail is empty\.)/m);
  expect(result.code).toBe(0);
}, 40_000);
