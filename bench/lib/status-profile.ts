/**
 * Where a status request's CPU goes: which part of the stack a profiled frame of the compiled
 * service or of a floor belongs to, and the per-request table and folded stacks (for flamegraph.pl
 * or speedscope) of one V8 CPU profile of the measured window (profile-window.ts).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attribute, readProfile, summarize } from './cpu-profile.js';

/** The part of the stack a frame's script belongs to (see attribute() in cpu-profile.ts). */
export function statusBucketOf(url: string): string {
  if (url.includes('/@trpc/')) return 'tRPC (adapter, router, procedure call)';
  if (/\/(pino|@pinojs|sonic-boom|fast-redact|pino-std-serializers|thread-stream|quick-format-unescaped|safe-stable-stringify)\//.test(url)) return 'pino (request log line)';
  if (/\/(prom-client|tdigest|bintrees)\//.test(url)) return 'prom-client (HTTP metrics)';
  if (/\/(mongodb|bson|mongodb-connection-string-url)\//.test(url)) return 'MongoDB driver + BSON (incl. its socket writes)';
  if (url.includes('/jose/')) return 'connect token (jose; verified once per token, then cached)';
  if (/\/(koa|koa-compose|@koa\/[^/]+|delegates|on-finished|ee-first|vary|statuses|mime-types|content-type|type-is|accepts|cookies|http-errors|fresh|only|encodeurl|escape-html|negotiator|content-disposition|destroy|http-assert)\//.test(url)) return 'Koa + @koa/cors';
  if (url.includes('/zod/')) return 'zod (validation)';
  if (url.includes('/server/dist/') || url.includes('/contract/dist/')) return 'ours (server/dist: middleware, context, procedure)';
  if (url.includes('/bench/floors/')) return "the floor's own script";
  return `other: ${url.replace(/^.*node_modules\//, '').split('/')[0]}`;
}

export interface ProfiledRun {
  /** CPU µs per request by bucket, from the samples of the measured window (no start-up, no warm-up). */
  perRequest: Map<string, number>;
  busyMicrosPerRequest: number;
  requests: number;
  /** Heaviest functions by inclusive time, µs per request. */
  topInclusive: Array<{ name: string; micros: number }>;
  foldedFile: string;
}

/** Reads the main thread's profile from `dir` and writes its folded stacks beside it as `name`.folded. */
export async function readStatusProfile(dir: string, name: string, requests: number): Promise<ProfiledRun> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile')).sort();
  if (!files[0]) throw new Error(`no CPU profile written in ${dir}`);
  const profile = await readProfile(join(dir, files[0]));
  const { buckets, busyMs } = attribute(profile, statusBucketOf);
  const summary = summarize(profile, 40);
  const foldedFile = join(dir, `${name}.folded`);
  await writeFile(foldedFile, summary.folded);
  const per = (ms: number) => (ms * 1000) / requests;
  return {
    perRequest: new Map([...buckets].map(([bucket, ms]) => [bucket, per(ms)])),
    busyMicrosPerRequest: per(busyMs),
    requests,
    topInclusive: summary.byTotal.map((row) => ({ name: row.name, micros: per(row.ms) })),
    foldedFile,
  };
}
