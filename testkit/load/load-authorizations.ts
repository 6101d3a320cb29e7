/**
 * Load: N complete authorizations for N distinct users, all at once, over loopback HTTP — begin
 * (tRPC), the patient at the HealthEx sandbox, the callback — then a check that every stored token
 * belongs to its own user. Returns the figures; `formatFigures` prints them.
 */
import { completeAuthorization } from 'healthex-sandbox';
import { userKeyString } from '../../server/identity/user-key.js';
import { TEST_ISSUER, TEST_RETURN_URL, type TestStack } from '../stack/test-stack.js';

export interface LoadFigures {
  users: number;
  errors: string[];
  wallMs: number;
  perSecond: number;
  phases: Record<'begin' | 'healthex' | 'callback' | 'total', { p50: number; p95: number; max: number }>;
  /** Users whose stored token introspects to someone else, or is shared with another user. */
  mixUps: string[];
  distinctIdentities: number;
}

/**
 * The sandbox has 3 patients and 3 providers, so 21 distinguishable (patient, providers) identities.
 * User i consents as identity i mod 21: a token stored for the wrong user shows up as the wrong
 * patient or providers, unless both users drew the same identity — and every token must be distinct.
 */
function identityOf(stack: TestStack, index: number) {
  const patients = stack.sandbox.patients;
  const providers = stack.sandbox.providers.map((p) => p.id);
  const identity = index % (patients.length * 7);
  const patient = patients[identity % patients.length]!;
  const mask = Math.floor(identity / patients.length) + 1; // 1..7: a non-empty subset of the 3 providers
  return { patient, providers: providers.filter((_, bit) => mask & (1 << bit)) };
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

export async function loadAuthorizations(stack: TestStack, users: number): Promise<LoadFigures> {
  for (const url of [stack.service.url, stack.sandbox.issuer]) {
    if (new URL(url).hostname !== '127.0.0.1') throw new Error(`the load test runs on loopback only, not ${url}`);
  }
  const timings = { begin: [] as number[], healthex: [] as number[], callback: [] as number[], total: [] as number[] };
  const errors: string[] = [];
  const subjects = Array.from({ length: users }, (_, i) => `load-${i}`);
  const tokens = await Promise.all(subjects.map((sub) => stack.tokenFor(sub)));

  const started = performance.now();
  await Promise.all(
    subjects.map(async (sub, i) => {
      const t0 = performance.now();
      try {
        const { authorizationUrl } = await stack.api(tokens[i]!).connection.begin.mutate({ returnUrl: TEST_RETURN_URL, mode: 'redirect' });
        const t1 = performance.now();
        const { patient, providers } = identityOf(stack, i);
        const callback = await completeAuthorization(authorizationUrl, { username: patient.username, providers, decision: 'allow' });
        const t2 = performance.now();
        const answer = await stack.get(callback);
        await answer.arrayBuffer();
        const t3 = performance.now();
        if (answer.status !== 303 || !answer.headers.get('location')?.includes('healthex_result=authorized')) throw new Error(`callback answered ${answer.status}`);
        timings.begin.push(t1 - t0);
        timings.healthex.push(t2 - t1);
        timings.callback.push(t3 - t2);
        timings.total.push(t3 - t0);
      } catch (error) {
        errors.push(`${sub}: ${(error as Error).message}`);
      }
    }),
  );
  const wallMs = performance.now() - started;

  // Every stored token introspects to its own user's identity, and no two users share one.
  const mixUps: string[] = [];
  const seen = new Map<string, string>();
  const documents = await stack.db.collection('connections').find({ userSub: { $in: subjects } }).toArray();
  for (const document of documents) {
    const sub = document.userSub as string;
    const owner = userKeyString({ iss: TEST_ISSUER, sub });
    const accessToken = stack.config.keyRing.open(document.sealedAccessToken, { purpose: 'access_token', owner });
    const refreshToken = stack.config.keyRing.open(document.sealedRefreshToken, { purpose: 'refresh_token', owner });
    for (const token of [accessToken, refreshToken]) {
      if (seen.has(token)) mixUps.push(`${sub} shares a token with ${seen.get(token)}`);
      seen.set(token, sub);
    }
    const expected = identityOf(stack, Number(sub.slice('load-'.length)));
    const introspection = await stack.sandbox.introspect(accessToken);
    const providers = [...((introspection.healthex_providers as string[] | undefined) ?? [])].sort();
    if (!introspection.active || introspection.sub !== expected.patient.id || providers.join() !== [...expected.providers].sort().join()) {
      mixUps.push(`${sub}: token of ${introspection.sub}/${providers.join('+')}, expected ${expected.patient.id}/${expected.providers.join('+')}`);
    }
  }
  if (documents.length !== users - errors.length) mixUps.push(`${documents.length} connections stored for ${users - errors.length} completed authorizations`);

  const phase = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: Math.round(sorted.at(-1) ?? 0) };
  };
  return {
    users,
    errors,
    wallMs: Math.round(wallMs),
    perSecond: Math.round(((users - errors.length) / wallMs) * 1000 * 10) / 10,
    phases: { begin: phase(timings.begin), healthex: phase(timings.healthex), callback: phase(timings.callback), total: phase(timings.total) },
    mixUps,
    distinctIdentities: Math.min(users, stack.sandbox.patients.length * 7),
  };
}

export function formatFigures(f: LoadFigures): string {
  const row = (name: string, p: { p50: number; p95: number; max: number }) => `  ${name.padEnd(26)} p50 ${String(p.p50).padStart(6)} ms   p95 ${String(p.p95).padStart(6)} ms   max ${String(p.max).padStart(6)} ms`;
  return [
    `load: ${f.users} concurrent authorizations for ${f.users} distinct users (loopback)`,
    `  completed ${f.users - f.errors.length}, errors ${f.errors.length}, mix-ups ${f.mixUps.length} (${f.distinctIdentities} distinguishable HealthEx identities, all tokens distinct)`,
    `  wall ${f.wallMs} ms, throughput ${f.perSecond} authorizations/s`,
    row('begin (tRPC)', f.phases.begin),
    row('at HealthEx (sandbox)', f.phases.healthex),
    row('callback (code exchange)', f.phases.callback),
    row('whole authorization', f.phases.total),
  ].join('\n');
}
