/**
 * The HealthEx client discovers and registers once, not per begin, and refreshes the metadata after
 * its maximum age in the background, keeping the metadata in hand when the refresh fails. Against
 * the real sandbox (oidc-provider) over HTTP; discovery requests are counted by observing the global
 * fetch openid-client uses (every request still goes to the sandbox).
 */
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from 'healthex-sandbox';
import { testDatabase } from '../../testkit/stack/test-database.js';
import type { OAuthClientDocument } from '../db/collections.js';
import { createHealthexClient } from './healthex-client.js';

let database: Awaited<ReturnType<typeof testDatabase>>;
let sandbox: Sandbox;
const realFetch = globalThis.fetch;
let discoveries = 0;

beforeAll(async () => {
  database = await testDatabase();
  sandbox = await startSandbox({});
  globalThis.fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes('/.well-known/oauth-authorization-server')) discoveries += 1;
    return realFetch(input, init);
  };
});

afterEach(() => void (discoveries = 0));

afterAll(async () => {
  globalThis.fetch = realFetch;
  await sandbox?.close();
  await database?.cleanup();
});

function clientAt(issuer: string, clock: { now: number }, warnings: string[] = []) {
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  return createHealthexClient({
    issuer,
    redirectUri: 'http://127.0.0.1:1/auth/healthex/callback',
    clientName: 'healthex-client test',
    scope: 'openid offline_access',
    timeoutSeconds: 5,
    allowInsecureHttp: true,
    registrations: database.client.db(database.dbName).collection<OAuthClientDocument>('oauth_clients'),
    log,
    metadataMaxAgeMs: 60_000,
    now: () => clock.now,
  });
}

const url = (client: ReturnType<typeof clientAt>, n: number) => client.authorizationUrl({ state: `state-${n}`, codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' });

it('discovers and registers once for a crowd of begins, and again only after the maximum age, in the background', async () => {
  const clock = { now: 1_000_000 };
  const client = clientAt(sandbox.issuer, clock);
  const registrationsBefore = sandbox.stats().registrations;
  const urls = await Promise.all(Array.from({ length: 20 }, (_, n) => url(client, n)));
  expect(new Set(urls.map((u) => u.origin + u.pathname)).size).toBe(1);
  // Registration (RFC 7591, which discovers the registration endpoint) and discovery: two fetches of the metadata, once.
  expect(discoveries).toBe(2);
  expect(sandbox.stats().registrations - registrationsBefore).toBe(1);

  clock.now += 59_000;
  await url(client, 20);
  expect(discoveries).toBe(2); // still fresh

  clock.now += 2_000;
  await Promise.all([url(client, 21), url(client, 22)]); // answered with the metadata in hand…
  await expect.poll(() => discoveries).toBe(3); // …while one refresh runs (the client id is read from MongoDB)
  await url(client, 23);
  expect(discoveries).toBe(3);
  expect(sandbox.stats().registrations - registrationsBefore).toBe(1); // the registration is kept (in MongoDB)
});

it('keeps the metadata in hand when a refresh fails, and says so', async () => {
  const own = await startSandbox({});
  const clock = { now: 1_000_000 };
  const warnings: string[] = [];
  const client = clientAt(own.issuer, clock, warnings);
  const before = await url(client, 1);
  await own.close();
  clock.now += 61_000;
  const after = await url(client, 2);
  expect(after.origin + after.pathname).toBe(before.origin + before.pathname);
  await expect.poll(() => warnings.join('')).toContain('could not refresh the HealthEx metadata');
  // Retried only after a pause, not on every request.
  const discoveriesSoFar = discoveries;
  await url(client, 3);
  expect(discoveries).toBe(discoveriesSoFar);
});
