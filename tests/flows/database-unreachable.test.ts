/**
 * With the database unreachable, start-up fails with a clear message, and a running service's
 * /readyz reports it (while /healthz, the liveness probe, still answers).
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../server/net/free-port.js';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

it('start-up fails with a clear message when MongoDB cannot be reached', async () => {
  const closedPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      MONGODB_URI: `mongodb://127.0.0.1:${closedPort}/?serverSelectionTimeoutMS=1000`,
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1',
      CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: 'https://salus.test', secret: randomBytes(32).toString('base64'), allowedOrigins: ['https://app.salus.test'] }]),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain(`MongoDB is unreachable at mongodb://127.0.0.1:${closedPort}/`);
  expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
}, 60_000);

it('refuses to start on a missing or weak key, naming the variable', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:1/', TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1', CONNECT_TOKEN_ISSUERS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
  expect(output).toContain('TOKEN_ENCRYPTION_KEYS: encryption key "k1" looks weak');
  expect(output).toContain('CONNECT_TOKEN_ISSUERS');
}, 60_000);

it('/readyz reports an unreachable database while /healthz stays up', async () => {
  expect(await (await fetch(`${stack.service.url}/readyz`)).json()).toEqual({ status: 'ready', database: 'ok' });
  await stack.service.mongo.close(); // the service's own client can no longer reach the database
  const ready = await fetch(`${stack.service.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  expect((await fetch(`${stack.service.url}/healthz`)).status).toBe(200);
  // API calls answer 503 with a clear code rather than a 500.
  const answer = await fetch(`${stack.service.url}/trpc/connection.status`, { headers: { authorization: `Bearer ${await stack.tokenFor('db-down')}` } });
  expect(answer.status).toBe(503);
  expect((await answer.json()).error.data.appCode).toBe('SERVICE_UNAVAILABLE');
});
