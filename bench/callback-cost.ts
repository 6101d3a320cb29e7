/**
 * Callback cost: the connect service's own time per `GET /auth/healthex/callback`, excluding the
 * HealthEx token endpoint. Method, per callback, all in this process and strictly one at a time:
 *   handler time — from the HTTP server's 'request' event (a listener prepended to the service's own
 *                  server) to the response's 'finish';
 *   exchange     — the service's HealthEx client `exchangeCode` wrapped with a timer: the whole
 *                  openid-client code grant (request, the sandbox's token endpoint, response checks);
 *   own cost     — handler time − exchange. The subtraction also removes openid-client's own work on
 *                  the token request and response, so this is our code plus MongoDB, not the library.
 * The MongoDB commands the callback makes (the rate limit, consume the state, upsert the connection,
 * the audit event, the recorded outcome) are timed too, from the driver's command monitoring (public
 * API, the driver's own durations): that is the engine's share, shown apart from the rest. Each callback is for a fresh user (so
 * no earlier tokens are revoked), prepared by `connection.begin` and the sandbox's login and consent
 * pages (completeAuthorization), which are not timed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { completeAuthorization, startSandbox } from 'healthex-sandbox';
import { startConnectService } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { freePort } from '../server/net/free-port.js';
import { BENCH_ORIGIN, benchToken, log, ms, newSecrets, serviceEnv, summarize, table, type Section } from './lib/common.js';

const TARGET_MEDIAN_MS = 5;
const TARGET_P99_MS = 10;

export async function callbackCost(options: { mongodbUri: string; callbacks?: number; warmup?: number }): Promise<Section> {
  const callbacks = options.callbacks ?? 100;
  const warmup = options.warmup ?? 5;
  const secrets = newSecrets();
  const sandbox = await startSandbox();
  const dbName = `bench_callback_${Date.now()}`;
  const config = await loadConfig(serviceEnv({ secrets, dbName, healthexIssuer: sandbox.issuer, port: await freePort() }));
  const service = await startConnectService({
    config,
    mongodbUri: options.mongodbUri,
    log: createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: true })),
    monitorCommands: true, // this benchmark times the callback's commands
  });
  try {
    // The exchange, timed around the service's own client object (the callback route calls it).
    let exchangeMs = Number.NaN;
    const exchangeCode = service.healthex.exchangeCode.bind(service.healthex);
    service.healthex.exchangeCode = async (...args) => {
      const started = performance.now();
      try {
        return await exchangeCode(...args);
      } finally {
        exchangeMs = performance.now() - started;
      }
    };
    // MongoDB time inside the callback, from the driver's command monitoring on the service's own
    // client (every command: the rate limit's, the audit writer's too), with the driver's durations.
    // Callbacks run one at a time, so the commands started while one is handled are its own.
    let dbMs = 0;
    let dbCalls = 0;
    let inCallback = false;
    let perCall: Record<string, number> = {};
    const perCallSamples: Record<string, number[]> = {};
    const keys = new Map<number, string>();
    service.mongo.on('commandStarted', (event) => {
      if (!inCallback) return;
      const collection = (event.command as Record<string, unknown>)[event.commandName];
      keys.set(event.requestId, `${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim());
    });
    const ended = (event: { requestId: number; duration: number }) => {
      const key = keys.get(event.requestId);
      if (key === undefined) return;
      keys.delete(event.requestId);
      dbMs += event.duration;
      dbCalls += 1;
      perCall[key] = (perCall[key] ?? 0) + event.duration;
    };
    service.mongo.on('commandSucceeded', ended);
    service.mongo.on('commandFailed', ended);
    let handlerMs = Number.NaN;
    service.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/auth/healthex/callback')) return;
      const started = performance.now();
      dbMs = 0;
      dbCalls = 0;
      perCall = {};
      inCallback = true;
      res.once('finish', () => {
        handlerMs = performance.now() - started;
        inCallback = false;
      });
    });

    const samples: Array<{ handler: number; exchange: number; own: number; db: number; dbCalls: number; roundTrip: number }> = [];
    log(`callback: ${warmup} warm-up + ${callbacks} measured callbacks`);
    for (let i = 0; i < warmup + callbacks; i += 1) {
      const token = await benchToken(secrets, `callback-user-${i}`);
      const begin = await fetch(`${service.url}/trpc/connection.begin`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: BENCH_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ returnUrl: `${BENCH_ORIGIN}/records`, mode: 'redirect' }),
      });
      const { result } = (await begin.json()) as { result: { data: { authorizationUrl: string } } };
      const callbackUrl = await completeAuthorization(result.data.authorizationUrl, { username: 'ava@sandbox.healthex.test', decision: 'allow' });
      handlerMs = Number.NaN;
      exchangeMs = Number.NaN;
      const started = performance.now();
      const response = await fetch(callbackUrl, { redirect: 'manual' });
      await response.arrayBuffer();
      const roundTrip = performance.now() - started;
      // 'finish' may land a tick after the client has the response.
      for (let wait = 0; Number.isNaN(handlerMs) && wait < 100; wait += 1) await new Promise((resolve) => setImmediate(resolve));
      const location = response.headers.get('location') ?? '';
      if (response.status !== 303 || !location.includes('healthex_result=authorized')) throw new Error(`callback answered ${response.status} ${location}`);
      if (i >= warmup) for (const [key, value] of Object.entries(perCall)) (perCallSamples[key] ??= []).push(value);
      if (i >= warmup) samples.push({ handler: handlerMs, exchange: exchangeMs, own: handlerMs - exchangeMs, db: dbMs, dbCalls, roundTrip });
    }

    // The engine's floor for the same calls the callback makes, on the raw driver, one at a time:
    // consume a pending document, upsert a connection returning the old one, insert an audit event.
    const raw: number[] = [];
    const scratch = service.mongo.db(dbName).collection<{ _id: string; n?: number; consumedAt?: Date | null }>('bench_scratch');
    for (let i = 0; i < callbacks; i += 1) {
      await scratch.insertOne({ _id: `p${i}`, consumedAt: null });
      const started = performance.now();
      await scratch.findOneAndUpdate({ _id: `p${i}`, consumedAt: null }, { $set: { consumedAt: new Date() } });
      await scratch.findOneAndUpdate({ _id: `c${i}` }, { $set: { n: i }, $inc: { v: 1 } } as never, { upsert: true, returnDocument: 'before' });
      await scratch.insertOne({ _id: `a${i}` });
      raw.push(performance.now() - started);
    }
    await scratch.deleteMany({});

    const s = (f: (x: (typeof samples)[number]) => number) => summarize(samples.map(f));
    const own = s((x) => x.own);
    const rows = [
      ['handler (request → response finished)', ms(s((x) => x.handler).median), ms(s((x) => x.handler).p99)],
      ['  of which the HealthEx exchange (openid-client + sandbox token endpoint)', ms(s((x) => x.exchange).median), ms(s((x) => x.exchange).p99)],
      ['**own cost = handler − exchange**', `**${ms(own.median)}**`, `**${ms(own.p99)}**`],
      [`  of which inside MongoDB commands (${s((x) => x.dbCalls).median} per callback)`, ms(s((x) => x.db).median), ms(s((x) => x.db).p99)],
      ...Object.entries(perCallSamples).map(([key, values]) => [`    ${key}`, ms(summarize(values).median), ms(summarize(values).p99)]),
      ['  of which the rest (our code, Koa, logging)', ms(s((x) => x.own - x.db).median), ms(s((x) => x.own - x.db).p99)],
      ['the same kinds of MongoDB call on the raw driver, one of each (engine floor)', ms(summarize(raw).median), ms(summarize(raw).p99)],
      ['client round trip (for reference)', ms(s((x) => x.roundTrip).median), ms(s((x) => x.roundTrip).p99)],
    ];
    const body = [
      `${callbacks} callbacks (after ${warmup} warm-up ones, the first of which discovers and registers at the sandbox), one at a time, each for a fresh user, ` +
        `the sandbox (oidc-provider) in the same process. Method: see bench/callback-cost.ts — the handler is timed on the service's HTTP server ` +
        `('request' → response 'finish'), the exchange by wrapping the service's HealthEx client, MongoDB by the driver's command monitoring.`,
      '',
      table(['callback', 'median', 'p99'], rows),
    ].join('\n');
    return {
      title: 'Callback cost',
      body,
      targets: [
        {
          name: 'Callback own cost (excl. token endpoint)',
          target: `median < ${TARGET_MEDIAN_MS} ms, p99 ≤ ${TARGET_P99_MS} ms`,
          measured: `median ${ms(own.median)}, p99 ${ms(own.p99)}; of which inside MongoDB commands (the engine's share): median ${ms(s((x) => x.db).median)}, p99 ${ms(s((x) => x.db).p99)}`,
          met: own.median < TARGET_MEDIAN_MS && own.p99 <= TARGET_P99_MS,
        },
      ],
    };
  } finally {
    await service.close();
    await sandbox.close();
  }
}
