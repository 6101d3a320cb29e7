/**
 * A scriptable stand-in for the connect service, for the widget's browser tests. It runs the REAL
 * tRPC router (server/routers/app-router.ts: procedures, `authed` middleware, origin check, error
 * formatter) over HTTP on its own origin, with an in-memory ConnectionService whose answers each test
 * scripts, so the widget is tested against the actual wire format, CORS and error shape.
 *
 * Users are keyed by the connect token, `fake.<user>.<generation>`: tokens of a generation below the
 * user's `minGeneration` are refused as expired (UNAUTHENTICATED), which scripts "401 once".
 *
 * It also serves `records.summary` (the scenario's `records` counts, `unavailable` and `more`
 * and `included` categories, `windowYears` and per-category `windows`, `active`), `records.sharing` (the scenario's `sharing`) and `records.update`
 * (its `updateOutcome`), with the real service's state rules: NOT_CONNECTED unless connected, REAUTH_REQUIRED when reauth_required) and `activity.log`
 * (the scenario's `activity`, newest first, to which it adds events like the real audit log does:
 * authorized, confirmed, disconnected, and a `used` by `connect-records-summary` for each summary).
 *
 * It also plays HealthEx plus the callback: `/fake-healthex/authorize?txn=…` applies the scripted
 * consent and then, like the real callback, posts `{ source, result, code? }` to the opener (popup)
 * or redirects to the return URL with the result flags (redirect). It records the outcome under the
 * begin's `attempt` nonce, and `connection.attempt` answers from the user's `attempts` (scriptable).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { pino } from 'pino';
import { appRouter } from '../../server/routers/app-router.js';
import { ConnectError } from '../../server/errors.js';
import { bearerToken, type ConnectTokenVerification } from '../../server/identity/connect-token.js';
import type { AttemptOutcome, ConnectionService } from '../../server/connections/connection-service.js';
import type { ConnectionStatus } from '../../server/connections/connection-status.js';
import type { AppErrorCode } from '../../server/errors.js';
import type { ActivityEvent } from '../../server/activity/activity-log.js';
import { buildScreen, PAGE_READ_FEATURES, UPDATE_FEATURE } from '../../server/activity/activity-view.js';
import type { ActivityLog } from '../../server/activity/activity-log.js';
import { RECORD_CATEGORIES, type RecordCategoryId } from '../../server/routers/records-router.js';
import type { RecordCategorySummary, RecordsService, RecordsUpdateOutput as RecordsUpdate } from '../../server/records/records-contract.js';
import type { RequestContext } from '../../server/trpc/context.js';
import type { ConnectServices } from '../../server/services.js';

const ISSUER = 'https://host.example/fake-issuer';

type Services = Pick<ConnectServices, 'connections' | 'records' | 'activity'>;
const GRANTED_SCOPE = ['patient/*.read', 'offline_access'];

export type FailureCode = AppErrorCode | 'NETWORK';

export interface UserScenario {
  status: ConnectionStatus;
  /** Tokens of an older generation are refused as expired. */
  minGeneration: number;
  /** What the user does at HealthEx: allow, deny, or the callback fails with `callbackError`. */
  consent: 'allow' | 'deny' | 'error';
  callbackError: AppErrorCode;
  /** Record counts per category for `records.summary` (missing categories count 0). */
  records: Partial<Record<RecordCategoryId, number>>;
  /** The access log, newest first; the fake adds events as things happen. */
  activity: ActivityEvent[];
  /** Counted categories whose count could not be read (`unavailable` tiles). */
  unavailable: RecordCategoryId[];
  /** Counted categories where the service stopped at its bound (`more`: "N or more"). */
  more: RecordCategoryId[];
  /** Counted categories answered in a format the service does not recognise (`included`, no number). */
  included: RecordCategoryId[];
  /** The window of every counted tile (null: the whole history) … */
  windowYears: number | null;
  /** … except these, which fell back to a narrower one. */
  windows: Partial<Record<RecordCategoryId, number>>;
  /** "N active" from HealthEx's summary, per category. */
  active: Partial<Record<RecordCategoryId, number>>;
  /** What `records.sharing` knows (null: unknown). */
  sharing: { organisations: string[] | null; lastUpdatedAt: string | null; updating: boolean | null };
  /** What `records.update` answers. */
  updateOutcome: RecordsUpdate;
  /**
   * Scripted failures, consumed in order for the matching procedure ('*' matches any). As in the real
   * service, a REAUTH_REQUIRED failure of `records.summary` or `records.update` (a refused refresh)
   * also moves the user to reauth_required.
   */
  failures: { path: string; code: FailureCode }[];
  /** Procedures whose answers are held back until the path is removed from this list (loading states). */
  hold: string[];
  /** Every tRPC request that reached the service for this user (after CORS), in order. */
  calls: { path: string; generation: number | null; outcome: 'ok' | FailureCode }[];
  /** Begin inputs, in order. */
  begins: { returnUrl: string; mode: 'popup' | 'redirect'; attempt?: string }[];
  /** Finished authorizations by attempt nonce: what `connection.attempt` answers (others: null). */
  attempts: Record<string, AttemptOutcome>;
  /** `activity.log` inputs, in order. */
  activityInputs: unknown[];
}

type ScenarioInput = Partial<
  Pick<
    UserScenario,
    'status' | 'minGeneration' | 'consent' | 'callbackError' | 'failures' | 'records' | 'activity' | 'hold' | 'unavailable' | 'more' | 'included' | 'windowYears' | 'windows' | 'active' | 'sharing' | 'updateOutcome' | 'attempts'
  >
>;

export interface FakeConnectService {
  apiBase: string;
  setup(user: string, scenario: ScenarioInput): void;
  update(user: string, scenario: ScenarioInput): void;
  get(user: string): UserScenario | undefined;
  close(): Promise<void>;
}

export const NOT_CONNECTED: ConnectionStatus = { state: 'not_connected', scope: [], authorizedAt: null, connectedAt: null };

function parseToken(token: string | null): { user: string; generation: number } | null {
  const match = token ? /^fake\.([A-Za-z0-9_-]+)\.(\d+)$/.exec(token) : null;
  return match ? { user: match[1]!, generation: Number(match[2]) } : null;
}

function html(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake HealthEx</title></head><body>${body}</body></html>`;
}

/** Starts the fake on 127.0.0.1 (a different origin from the test pages on localhost). */
export async function startFakeConnectService(options: { allowedOrigins: () => string[] }): Promise<FakeConnectService> {
  const users = new Map<string, UserScenario>();
  const pending = new Map<string, { user: string; returnUrl: string; mode: 'popup' | 'redirect'; attempt?: string }>();
  const log = pino({ level: 'silent' });
  let apiBase = '';

  const scenario = (user: string): UserScenario => {
    const found = users.get(user);
    if (!found) throw new ConnectError('UNAUTHENTICATED', 'unknown fake user');
    return found;
  };

  const logEvent = (s: UserScenario, action: ActivityEvent['action'], feature?: string, outcome: ActivityEvent['outcome'] = 'success'): void => {
    s.activity.unshift({ at: new Date().toISOString(), action, outcome, ...(feature ? { feature } : {}) });
  };

  const connections: ConnectionService = {
    async status(user) {
      return scenario(user.sub).status;
    },
    async begin(user, _issuer, input) {
      const s = scenario(user.sub);
      s.begins.push(input);
      const txn = randomUUID();
      pending.set(txn, { user: user.sub, ...input });
      return { authorizationUrl: `${apiBase}/fake-healthex/authorize?txn=${txn}` };
    },
    async attempt(user, attempt) {
      // Keyed per user, like the real service: another user's nonce is unknown here.
      return scenario(user.sub).attempts[attempt] ?? { result: null };
    },
    async confirm(user) {
      const s = scenario(user.sub);
      if (s.status.state === 'not_connected' || s.status.state === 'reauth_required') {
        throw new ConnectError('NOT_AUTHORIZED_YET', 'Authorize HealthEx access first.');
      }
      s.status = { ...s.status, state: 'connected', connectedAt: s.status.connectedAt ?? new Date().toISOString() };
      logEvent(s, 'confirmed');
      return s.status;
    },
    async disconnect(user) {
      const s = scenario(user.sub);
      s.status = { ...NOT_CONNECTED };
      logEvent(s, 'disconnected');
      return s.status;
    },
    // The fake plays the callback itself (handleAuthorize); no procedure stores tokens.
    async storeAuthorization() {
      throw new Error('the fake connect service has no OAuth callback');
    },
  };

  const connectedScenario = (user: string): UserScenario => {
    const s = scenario(user);
    if (s.status.state === 'reauth_required') throw new ConnectError('REAUTH_REQUIRED', 'HealthEx needs you to reconnect your records before they can be shown.');
    if (s.status.state !== 'connected') throw new ConnectError('NOT_CONNECTED', 'Connect your HealthEx records to see them here.');
    return s;
  };
  const records: RecordsService = {
    async summary(user) {
      const s = connectedScenario(user.sub);
      logEvent(s, 'used', 'connect-records-summary');
      const categories = RECORD_CATEGORIES.map((category): RecordCategorySummary =>
        category === 'imaging' || category === 'hospital' || s.included.includes(category)
          ? { category, kind: 'included' }
          : s.unavailable.includes(category)
            ? { category, kind: 'unavailable' }
            : {
                category,
                kind: 'counted',
                count: s.records[category] ?? 0,
                more: s.more.includes(category),
                windowYears: s.windows[category] ?? s.windowYears,
                ...(s.active[category] === undefined ? {} : { active: s.active[category] }),
              },
      );
      return { categories, fetchedAt: new Date().toISOString() };
    },
    async sharing(user) {
      const s = connectedScenario(user.sub);
      return { ...s.sharing, fetchedAt: new Date().toISOString() };
    },
    async update(user) {
      const s = connectedScenario(user.sub);
      if (s.updateOutcome.outcome === 'started') s.sharing = { ...s.sharing, updating: true };
      logEvent(s, 'update_requested', undefined, s.updateOutcome.outcome === 'started' ? 'success' : 'denied');
      return s.updateOutcome;
    },
  };


  const activity: ActivityLog = {
    // The real service's screens (activity-view.ts) from the scenario's raw events: page reads grouped per day.
    async latest(user, query = {}) {
      const raw = scenario(user.sub).activity.filter((event) => query.before === undefined || event.at < query.before);
      const isRead = (event: ActivityEvent) => event.action === 'used' && PAGE_READ_FEATURES.includes(event.feature ?? '');
      // As the service does: an update's use is shown by its outcome (`update_requested`) instead.
      const notable = raw.filter((event) => !isRead(event) && !(event.action === 'used' && event.feature === UPDATE_FEATURE));
      const limit = query.limit ?? 20;
      const reads = raw.filter(isRead).map((event) => ({ at: event.at, feature: event.feature! }));
      return buildScreen(notable.slice(0, limit + 1), reads, limit);
    },
  };

  const authenticate = (token: string | null, allowed: string[]): ConnectTokenVerification => {
    const parsed = parseToken(token);
    if (!parsed) return { ok: false, reason: token ? 'malformed' : 'missing', message: 'A connect token is required.' };
    const s = users.get(parsed.user);
    if (!s) return { ok: false, reason: 'unknown_issuer', message: 'Unknown fake user.' };
    if (parsed.generation < s.minGeneration) return { ok: false, reason: 'expired', message: 'The connect token has expired.' };
    // Fake tokens are minted by the test as it calls: always fresh (a stale one is scripted as SIGNED_OUT).
    return { ok: true, user: { iss: ISSUER, sub: parsed.user }, issuer: { issuer: ISSUER, allowedOrigins: allowed, key: new Uint8Array(32) }, issuedAt: Math.floor(Date.now() / 1000) };
  };

  const cors = (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    res.setHeader('Vary', 'Origin');
    if (origin && options.allowedOrigins().includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Max-Age', '600');
      return true;
    }
    return false;
  };

  const handleTrpc = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    const parsed = parseToken(token);
    const s = parsed ? users.get(parsed.user) : undefined;
    if (s) {
      while (s.hold.includes(path)) await new Promise((resolve) => setTimeout(resolve, 20));
      const index = s.failures.findIndex((f) => f.path === path || f.path === '*');
      const failure = index >= 0 ? s.failures.splice(index, 1)[0] : undefined;
      s.calls.push({ path, generation: parsed?.generation ?? null, outcome: failure?.code ?? 'ok' });
      if (failure?.code === 'NETWORK') {
        // The connection dies mid-answer. (Dropping it before any answer is not reliable: browsers
        // transparently retry such requests.)
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"result":', () => req.socket.destroy());
        return;
      }
      if (path === 'activity.log' && !failure) {
        const input = new URL(req.url ?? '/', 'http://fake').searchParams.get('input');
        s.activityInputs.push(input === null ? undefined : JSON.parse(input));
      }
      if (failure) {
        const code = failure.code;
        if (code === 'REAUTH_REQUIRED' && (path === 'records.summary' || path === 'records.update')) s.status = { ...s.status, state: 'reauth_required' };
        // The scripted error goes through the real router (status mapping, error formatter).
        const fail = () => Promise.reject(new ConnectError(code, `scripted ${code}`));
        const failing: Services = {
          connections: { status: fail, begin: fail, attempt: fail, confirm: fail, disconnect: fail, storeAuthorization: fail },
          records: { summary: fail, sharing: fail, update: fail },
          activity: { latest: fail },
        };
        return runRouter(req, res, path, token, failing);
      }
    }
    return runRouter(req, res, path, token, { connections, records, activity });
  };

  const runRouter = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    token: string | null,
    services: Services,
  ): Promise<void> => {
    res.statusCode = 200;
    await nodeHTTPRequestHandler({
      req,
      res,
      router: appRouter,
      path,
      maxBodySize: 16 * 1024,
      allowMethodOverride: false,
      createContext: async (): Promise<RequestContext> => ({
        // Only what the widget's procedures use.
        // No rate limits in the widget's fake: its tests are about the widget, not about floods.
        services: { ...services, audit: { record: async () => {} }, limits: { take: async () => ({ allowed: true }), ensureIndexes: async () => {} }, freshTokenSeconds: 60 } satisfies ConnectServices,
        auth: authenticate(token, options.allowedOrigins()),
        origin: req.headers.origin ?? null,
        clientAddress: req.socket.remoteAddress ?? '',
        requestId: randomUUID(),
        log,
      }),
    });
  };

  /** HealthEx login + consent + the connect service's callback, in one page. */
  const handleAuthorize = (url: URL, res: ServerResponse): void => {
    const txn = pending.get(url.searchParams.get('txn') ?? '');
    if (!txn) {
      res.writeHead(400, { 'content-type': 'text/html' }).end(html('<p>Unknown or used authorization request.</p>'));
      return;
    }
    pending.delete(url.searchParams.get('txn')!);
    const s = scenario(txn.user);
    const result = s.consent === 'allow' ? 'authorized' : s.consent === 'deny' ? 'denied' : 'error';
    if (result === 'authorized') {
      s.status = { state: 'authorized', scope: GRANTED_SCOPE, authorizedAt: new Date().toISOString(), connectedAt: null };
      logEvent(s, 'authorized');
    }
    if (txn.attempt !== undefined) s.attempts[txn.attempt] = result === 'error' ? { result, code: s.callbackError } : { result };
    const message = result === 'error' ? { source: 'healthex-connect', result, code: s.callbackError } : { source: 'healthex-connect', result };
    if (txn.mode === 'redirect') {
      const back = new URL(txn.returnUrl);
      back.searchParams.set('healthex_result', result);
      if (result === 'error') back.searchParams.set('healthex_error', s.callbackError);
      res.writeHead(303, { location: back.href }).end();
      return;
    }
    const target = new URL(txn.returnUrl).origin;
    const script = `window.opener.postMessage(${JSON.stringify(message)}, ${JSON.stringify(target)}); window.close();`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(html(`<p>Returning to Salus AI…</p><script>${script}</script>`));
  };

  /** Posts arbitrary messages from this origin to the parent frame (tests of message filtering). */
  const handlePost = (url: URL, res: ServerResponse): void => {
    const messages = url.searchParams.get('messages') ?? '[]';
    JSON.parse(messages); // reject garbage early
    const script = `for (const m of ${messages}) window.parent.postMessage(m, '*');`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(html(`<script>${script}</script>`));
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // No keep-alive: browsers silently retry a request whose reused connection dies, which would
    // hide the scripted network failures.
    res.setHeader('Connection', 'close');
    const allowed = cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(allowed ? 204 : 403).end();
      return;
    }
    if (url.pathname.startsWith('/trpc/')) {
      handleTrpc(req, res, url.pathname.slice('/trpc/'.length)).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    if (url.pathname === '/fake-healthex/authorize') return handleAuthorize(url, res);
    if (url.pathname === '/fake-healthex/post') return handlePost(url, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fresh = (): UserScenario => ({
    status: { ...NOT_CONNECTED },
    minGeneration: 0,
    consent: 'allow',
    callbackError: 'AUTHORIZATION_FAILED',
    failures: [],
    records: {},
    activity: [],
    unavailable: [],
    more: [],
    included: [],
    windowYears: null,
    windows: {},
    active: {},
    sharing: { organisations: null, lastUpdatedAt: null, updating: null },
    updateOutcome: { outcome: 'started' },
    hold: [],
    calls: [],
    begins: [],
    attempts: {},
    activityInputs: [],
  });

  return {
    apiBase,
    setup(user, values) {
      users.set(user, { ...fresh(), ...values });
    },
    update(user, values) {
      const s = users.get(user);
      if (!s) throw new Error(`unknown fake user ${user}`);
      Object.assign(s, values);
    },
    get: (user) => users.get(user),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
