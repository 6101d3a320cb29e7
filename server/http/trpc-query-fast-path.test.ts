/**
 * The fast path against tRPC's adapter on a toy router with tRPC's default error shape (which, unlike
 * ours, shows `path`), for the cases our router cannot produce: a query that throws a plain Error,
 * an answer that cannot be serialized (a BigInt), input through the transformer. The service's own
 * router is compared request by request in trpc-route.contract.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { initTRPC, type TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFastQuery, fastQueryOf, queryPathsOf } from './trpc-query-fast-path.js';

const t = initTRPC.context<{ user: string }>().create({ isDev: false });
const toyRouter = t.router({
  ok: t.procedure.query(({ ctx }) => ({ hello: ctx.user })),
  echo: t.procedure.input(z.object({ n: z.number() }).strict()).query(({ input }) => ({ twice: input.n * 2 })),
  fails: t.procedure.query(() => {
    throw new Error('internal detail');
  }),
  bigint: t.procedure.query(() => ({ n: BigInt(1) })),
  nested: t.router({ deeper: t.procedure.query(() => 'deep') }),
});

const errors: Record<'fast' | 'adapter', Array<{ code: string; path: string | undefined }>> = { fast: [], adapter: [] };
const servers: Server[] = [];
const urls = { fast: '', adapter: '' };

async function listen(app: Koa): Promise<string> {
  const server = createServer(app.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const queryPaths = queryPathsOf(toyRouter);
  const fast = new Koa();
  fast.use(async (ctx) => {
    const query = fastQueryOf(ctx, '/trpc/', queryPaths);
    if (!query) throw new Error(`not a fast query: ${ctx.url}`);
    await answerFastQuery(ctx, query, { router: toyRouter, createContext: async () => ({ user: 'ava' }), onError: ({ error, path }) => errors.fast.push({ code: error.code, path }) });
  });
  const adapter = new Koa();
  adapter.use(async (ctx) => {
    ctx.respond = false;
    ctx.res.statusCode = 200;
    await nodeHTTPRequestHandler({
      req: ctx.req,
      res: ctx.res,
      router: toyRouter,
      path: ctx.path.slice('/trpc/'.length),
      responseMeta: () => ({ headers: { vary: ['Origin'], 'cache-control': 'no-store' } }),
      createContext: async () => ({ user: 'ava' }),
      onError: ({ error, path }: { error: TRPCError; path: string | undefined }) => void errors.adapter.push({ code: error.code, path }),
    });
  });
  urls.fast = await listen(fast);
  urls.adapter = await listen(adapter);
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const PATHS = ['ok', `echo?input=${encodeURIComponent('{"n":21}')}`, 'echo?input=%7B', `echo?input=${encodeURIComponent('{"n":"x"}')}`, 'echo', 'fails', 'bigint', 'nested.deeper'];

describe('query fast path on a toy router', () => {
  it('reads only query procedures, nested ones by their dotted path', () => {
    expect([...queryPathsOf(toyRouter)].sort()).toEqual(['bigint', 'echo', 'fails', 'nested.deeper', 'ok']);
  });

  it.each(PATHS)('answers /trpc/%s exactly as the adapter', async (path) => {
    errors.fast.length = 0;
    errors.adapter.length = 0;
    const [fast, adapter] = await Promise.all([fetch(`${urls.fast}/trpc/${path}`), fetch(`${urls.adapter}/trpc/${path}`)]);
    expect(fast.status).toBe(adapter.status);
    for (const header of ['content-type', 'cache-control']) expect([header, fast.headers.get(header)]).toEqual([header, adapter.headers.get(header)]);
    // For an answer it cannot serialize, the adapter applies responseMeta twice ("…, Origin, Origin"):
    // the same Vary; compared as a set of names.
    const varyOf = (response: Response) => new Set(response.headers.get('vary')!.split(/,\s*/));
    expect(varyOf(fast)).toEqual(varyOf(adapter));
    if (path !== 'bigint') expect(fast.headers.get('vary')).toBe(adapter.headers.get('vary'));
    const body = await fast.json();
    expect(body).toEqual(await adapter.json());
    expect(errors.fast).toEqual(errors.adapter);
  });
});
