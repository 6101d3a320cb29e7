/**
 * T27 (SECURITY.md): an encryption key that cannot be retired. The operator's procedure, end to end:
 * add a key, make it active, run the re-encryption command, retire the old key — and every user's
 * tokens and every pending authorization keep working, with the service running throughout.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { MongoClient } from 'mongodb';
import { createLogger } from '../logger.js';
import { collectionsOf } from '../db/collections.js';
import { startTestStack, TEST_ISSUER, type TestStack } from '../../testkit/stack/test-stack.js';
import { reencryptAll } from './reencrypt.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;

const stacks: TestStack[] = [];
afterAll(async () => {
  for (const stack of stacks.reverse()) await stack.close({ keepSandbox: true }).catch(() => undefined);
});

/** Restarts the service on the same database and sandbox with another key configuration. */
async function restart(previous: TestStack | null, keys: string, active: string) {
  if (previous) await previous.service.close();
  const stack = await startTestStack({
    ...(previous ? { dbName: previous.dbName, sandbox: previous.sandbox } : {}),
    // Same port: the public URL (and so the redirect URI HealthEx knows) survives the restart.
    env: { TOKEN_ENCRYPTION_KEYS: keys, TOKEN_ENCRYPTION_ACTIVE_KEY: active, ...(previous ? { PORT: previous.env.PORT } : {}) },
  });
  stacks.push(stack);
  return stack;
}

function runCommand(stack: Pick<TestStack, 'env'>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/rotate-keys.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...stack.env, MONGODB_URI: inject('mongodbUri'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

async function sealedValues(stack: Pick<TestStack, 'db'>): Promise<string[]> {
  const connections = await stack.db.collection('connections').find({}).toArray();
  const pending = await stack.db.collection('pending_authorizations').find({}).toArray();
  return [...connections.flatMap((d) => [d.sealedAccessToken, d.sealedRefreshToken]), ...pending.map((d) => d.sealedVerifier)].filter((v): v is string => typeof v === 'string');
}

describe('T27 an encryption key that cannot be retired', () => {
  it('rotates with the documented procedure: add, activate, re-encrypt, retire — nothing lost', { timeout: 90_000 }, async () => {
    let stack = await restart(null, OLD, 'old');
    const token = async (sub: string) => stack.tokenFor(sub);
    for (const [sub, patient] of [['rot-authorized', 'ava'], ['rot-connected', 'ben']] as const) {
      expect((await stack.get(await stack.authorizeAtSandbox(await token(sub), `${patient}@sandbox.healthex.test`))).status).toBe(303);
    }
    await stack.api(await token('rot-connected')).connection.confirm.mutate();
    const waiting = await stack.authorizeAtSandbox(await token('rot-pending'), 'carmen@sandbox.healthex.test'); // back from HealthEx later

    stack = await restart(stack, `${OLD},${NEW}`, 'old'); // 1. add the new key everywhere
    stack = await restart(stack, `${OLD},${NEW}`, 'new'); // 2. make it active everywhere
    expect((await runCommand(stack, ['--check'])).code).toBe(1); // old values remain

    const run = await runCommand(stack); // 3. re-encrypt
    expect(run.output).toContain('connections: 2 scanned, 2 re-encrypted, 0 could not be opened');
    expect(run.output).toContain('Nothing is sealed with another key');
    expect(run.code).toBe(0);
    expect((await sealedValues(stack)).every((value) => value.startsWith('v1.new.'))).toBe(true);
    const check = await runCommand(stack, ['--check']);
    expect([check.code, check.output]).toEqual([0, expect.stringContaining('Nothing is sealed with another key')]);

    stack = await restart(stack, NEW, 'new'); // 4. retire the old key
    const accessToken = await stack.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub: 'rot-authorized' });
    expect(await stack.sandbox.introspect(accessToken)).toMatchObject({ active: true, sub: 'patient-ava' });
    expect((await stack.api(await token('rot-connected')).connection.status.query()).state).toBe('connected');
    expect((await stack.get(waiting)).status).toBe(303); // a verifier sealed before the rotation
    expect((await stack.api(await token('rot-pending')).connection.status.query()).state).toBe('authorized');
    const { access } = { access: await stack.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub: 'rot-connected' }) };
    await stack.api(await token('rot-connected')).connection.disconnect.mutate();
    expect((await stack.sandbox.introspect(access)).active).toBe(false);
  });

  it('refuses to run without MONGODB_URI, and reports values it cannot open instead of dropping them', async () => {
    const stack = await restart(null, OLD, 'old');
    const env = { ...stack.env };
    const noUri = spawn(process.execPath, ['--import', 'tsx', 'server/cli/rotate-keys.ts'], { cwd: repoRoot, env: { ...process.env, ...env, MONGODB_URI: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    noUri.stderr.on('data', (chunk) => (stderr += chunk));
    expect(await new Promise((resolve) => noUri.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('MONGODB_URI is required');

    expect((await stack.get(await stack.authorizeAtSandbox(await stack.tokenFor('rot-unknown-key')))).status).toBe(303);
    // The operator removed the old key before re-encrypting: the service refuses to start (T47),
    // and the command, run anyway, loses nothing and says so.
    await expect(restart(stack, NEW, 'new')).rejects.toThrow(/sealed with key id "old" \(2 values\)/);
    const wrong = { ...stack, env: { ...stack.env, TOKEN_ENCRYPTION_KEYS: NEW, TOKEN_ENCRYPTION_ACTIVE_KEY: 'new' } };
    const run = await runCommand(wrong);
    expect(run.code).toBe(1);
    expect(run.output).toContain('1 could not be opened');
    expect(run.output).toContain('Still sealed with other keys: old: 3'); // two tokens and the used verifier
    const client = await MongoClient.connect(inject('mongodbUri'));
    try {
      expect(await sealedValues({ db: client.db(stack.dbName) })).toEqual(expect.arrayContaining([expect.stringMatching(/^v1\.old\./)]));
    } finally {
      await client.close();
    }
  });

  it('re-encrypts while refreshes run, losing no rotated refresh token', async () => {
    const stack = await restart(null, `${OLD},${NEW}`, 'old');
    const users = ['rot-busy-1', 'rot-busy-2', 'rot-busy-3'];
    for (const sub of users) expect((await stack.get(await stack.authorizeAtSandbox(await stack.tokenFor(sub)))).status).toBe(303);
    const active = await restart(stack, `${OLD},${NEW}`, 'new');
    await active.db.collection('connections').updateMany({}, { $set: { accessTokenExpiresAt: new Date(0) } });
    const failedBefore = active.sandbox.stats().failedRefreshes;

    const [report, ...tokens] = await Promise.all([
      reencryptAll({ collections: collectionsOf(active.db), keyRing: active.config.keyRing, log: createLogger('silent') }),
      ...users.map((sub) => active.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub })),
    ]);
    expect(report.connections.failed).toBe(0);
    for (const accessToken of tokens) expect((await active.sandbox.introspect(accessToken as string)).active).toBe(true);
    // The stored refresh token is the rotated one: the next refresh succeeds.
    await active.db.collection('connections').updateMany({}, { $set: { accessTokenExpiresAt: new Date(0) } });
    for (const sub of users) await active.service.accessTokens.getAccessToken({ iss: TEST_ISSUER, sub });
    expect(active.sandbox.stats().failedRefreshes).toBe(failedBefore);
    expect((await sealedValues(active)).every((value) => value.startsWith('v1.new.'))).toBe(true);
  });
});
