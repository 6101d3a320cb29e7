/**
 * T47 (SECURITY.md): the key ring and the stored data disagree. At start-up, stored values sealed
 * with a key id the ring lacks stop the service before it listens (readiness never turns ready),
 * with one message naming the key ids and the fix. At request time, a value that does not open
 * (same key id, other bytes: a wrong or replaced key) is a clear, audited 503 — never a 500.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { backendCall, connectUser } from '../../testkit/stack/connected-users.js';
import { startTestStack, TEST_ISSUER, type TestStack } from '../../testkit/stack/test-stack.js';
import { deploymentEnv, spawnServiceProcess } from '../../testkit/processes/service-process.js';
import { startSandbox, type Sandbox } from 'healthex-sandbox';

let sandbox: Sandbox;
let first: TestStack;
beforeAll(async () => {
  sandbox = await startSandbox();
  first = await startTestStack({ sandbox });
  await connectUser(first, 'keys-ava', 'ava@sandbox.healthex.test'); // tokens sealed with key "test1"
  await first.close({ keepData: true, keepSandbox: true });
});
afterAll(async () => {
  await sandbox?.close();
});

it('a key ring without the key id the stored tokens name: the process refuses to start, naming the key id and the fix', { timeout: 60_000 }, async () => {
  const { env } = deploymentEnv({ mongodbUri: inject('mongodbUri'), dbName: first.dbName, healthexIssuer: sandbox.issuer });
  const started = spawnServiceProcess({ env: { ...env, TOKEN_ENCRYPTION_KEYS: `fresh1:${randomBytes(32).toString('base64')}`, TOKEN_ENCRYPTION_ACTIVE_KEY: 'fresh1' } });
  const error = await started.then(
    () => new Error('it started'),
    (refusal: Error) => refusal,
  );
  expect(error.message).toMatch(/exited \(code 1\) before listening/);
  const fatal = error.message.split('\n').filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level === 60);
  expect(fatal).toHaveLength(1); // one clear message, no stack trace
  const { msg } = JSON.parse(fatal[0]!) as { msg: string };
  expect(msg).toContain('Refusing to start: stored data is sealed with key id "test1" (2 values) that TOKEN_ENCRYPTION_KEYS lacks');
  expect(msg).toContain('put the missing key(s) back into TOKEN_ENCRYPTION_KEYS');
  expect(error.message).not.toMatch(/\n\s+at /);
});

it('a stored token that does not open at request time: records, the back-end token and the user see a 503, audited, never a 500', async () => {
  // Same key id, other bytes: passes the start-up check (the ids match) but nothing opens.
  const second = await startTestStack({ sandbox, dbName: first.dbName });
  try {
    const token = await second.tokenFor('keys-ava');
    const records = await fetch(`${second.service.url}/trpc/records.summary`, { headers: { authorization: `Bearer ${token}`, origin: 'https://app.salus.test' } });
    expect(records.status).toBe(503);
    expect(await records.json()).toMatchObject({ error: { data: { appCode: 'SERVICE_UNAVAILABLE' }, message: expect.stringContaining('an encryption key is unavailable') } });

    const backend = await backendCall(second, 'access-token', { user: { iss: TEST_ISSUER, sub: 'keys-ava' }, feature: 'health-decisions' });
    expect(backend.status).toBe(503);
    expect(backend.text).toContain('an encryption key is unavailable');

    const audited = await second.db.collection('audit_events').find({ userSub: 'keys-ava', reason: 'sealed_value_unreadable' }).toArray();
    expect(audited.length).toBeGreaterThanOrEqual(2);
    expect(second.logs.join('')).not.toMatch(/"status":500/);
  } finally {
    await second.close({ keepSandbox: true });
  }
});
