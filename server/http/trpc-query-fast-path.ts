/**
 * A fast path for the widget's plain tRPC queries (GET /trpc/<query path>, not batched).
 *
 * Why: tRPC's Node adapter turns every Node request into a fetch `Request` (undici headers, an
 * AbortController and AbortSignal.any), resolves it, and writes the answer back through a web
 * `ReadableStream` piped into the Node response. For a status query that costs more CPU than the
 * whole database read (~280 µs of ~945 µs per request; bench/RESULTS.md, throughput). Here the
 * procedure is called through tRPC's public `callTRPCProcedure` — the same call the adapter makes,
 * so the router, its middlewares (auth, origin check, error mapping) and our errorFormatter all run
 * — and the answer is the adapter's exact envelope and status: `{"result":{"data":…}}`, or
 * `{"error":<errorFormatter shape>}` with `error.data.httpStatus` as the status.
 *
 * Only the simplest request shape is taken; anything the adapter treats specially falls through to
 * it (`null` from `fastQueryOf`): other methods, batches, paths that are not exactly a query
 * procedure's (encoded, unknown, mutations — these get the adapter's 404/405), any query parameter
 * but one `input`, a Content-Type (the adapter's content-type handlers), `trpc-accept` or an Accept
 * asking for JSON lines (streaming), and a Host the adapter could not build a URL from (its 400).
 * server/http/trpc-route.contract.test.ts checks, request by request, that both answer the same.
 *
 * What the adapter does that this does not need: the abort signal (our procedures never stream or
 * wait on the client), and the check that a query returned no promise or async iterable inside an
 * object (ours return plain data).
 */
import type { Context } from 'koa';
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse, TRPCError, type AnyTRPCRouter } from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';

/** What the official adapter's `Vary` ends up as: its own `trpc-accept, accept` plus our `Origin`. */
export const TRPC_ANSWER_HEADERS = { vary: 'trpc-accept, accept, Origin', 'cache-control': 'no-store' } as const;

export interface FastQuery {
  path: string;
  /** The raw `input` query parameter, JSON (through the router's transformer), if any. */
  input: string | undefined;
}

export interface FastQueryOptions<TContext> {
  router: AnyTRPCRouter;
  createContext(): Promise<TContext>;
  onError(opts: { error: TRPCError; path: string | undefined; ctx: TContext | undefined }): void;
}

/** The query paths of a router (read once: the router is static). */
export function queryPathsOf(router: AnyTRPCRouter): ReadonlySet<string> {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } }>;
  return new Set(Object.keys(procedures).filter((path) => procedures[path]!._def.type === 'query'));
}

// Characters new URL() accepts in a host (letters, digits, dot, dash, port, IPv6 brackets).
const PLAIN_HOST = /^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/** The query this request is, when it is one the fast path answers exactly as the adapter would. */
export function fastQueryOf(ctx: Context, prefix: string, queryPaths: ReadonlySet<string>): FastQuery | null {
  if (ctx.method !== 'GET') return null;
  const path = ctx.path.slice(prefix.length);
  if (!queryPaths.has(path)) return null;
  const headers = ctx.req.headers;
  if (headers['content-type'] !== undefined || headers['trpc-accept'] !== undefined) return null;
  if (headers.accept !== undefined && headers.accept.includes('jsonl')) return null;
  if (headers.host !== undefined && !PLAIN_HOST.test(headers.host)) return null;
  if (ctx.querystring === '') return { path, input: undefined };
  // Parsed as the adapter parses it (URLSearchParams of its URL), not with Koa's querystring.
  if (ctx.req.url!.includes('#')) return null;
  const params = new URLSearchParams(ctx.querystring);
  for (const key of params.keys()) if (key !== 'input') return null;
  return { path, input: params.get('input') ?? undefined };
}

/** Calls the query procedure and answers it on the Koa context, as tRPC's adapter would. */
export async function answerFastQuery<TContext>(ctx: Context, query: FastQuery, options: FastQueryOptions<TContext>): Promise<void> {
  const config = options.router._def._config;
  let context: TContext | undefined;
  let input: unknown;
  let parsed: Promise<unknown> | undefined;
  // Like the adapter: read once, when the procedure asks; an empty `input` is no input; a parse error
  // is a BAD_REQUEST carrying the parser's message.
  const getRawInput = () =>
    (parsed ??= (async () => {
      try {
        return (input = query.input ? config.transformer.input.deserialize(JSON.parse(query.input)) : undefined);
      } catch (cause) {
        if (cause instanceof TRPCError) throw cause;
        throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
      }
    })());
  const answerError = (cause: unknown, path: string | undefined) => {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path, ctx: context });
    const response = { error: getTRPCErrorShape({ config, error, type: 'query', path, input: path === undefined ? undefined : input, ctx: context }) };
    return { status: getHTTPStatusCode(response, [error]), text: JSON.stringify(transformTRPCResponse(config, response)) };
  };
  let data: unknown;
  try {
    context = await options.createContext();
    data = await callTRPCProcedure({ router: options.router, path: query.path, getRawInput, ctx: context, type: 'query', signal: undefined, batchIndex: 0 });
  } catch (cause) {
    return send(ctx, answerError(cause, query.path));
  }
  try {
    return send(ctx, { status: 200, text: JSON.stringify(transformTRPCResponse(config, { result: { data } })) });
  } catch (cause) {
    // The adapter's outer catch: an answer that cannot be serialized is an error without path or input.
    return send(ctx, answerError(cause, undefined));
  }
}

function send(ctx: Context, answer: { status: number; text: string }): void {
  ctx.status = answer.status;
  ctx.set('Vary', TRPC_ANSWER_HEADERS.vary);
  ctx.set('Cache-Control', TRPC_ANSWER_HEADERS['cache-control']);
  // Set as a header, not ctx.type, which would add "; charset=utf-8" where the adapter does not.
  ctx.set('Content-Type', 'application/json');
  ctx.body = answer.text;
}
