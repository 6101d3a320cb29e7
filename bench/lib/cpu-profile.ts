/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and summarises it: self time by function and by package,
 * and total (inclusive) time by function. `tsx bench/lib/cpu-profile.ts FILE` prints the summary;
 * `--folded OUT` also writes collapsed stacks for flamegraph.pl / speedscope.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  bySelf: Array<{ name: string; ms: number }>;
  byPackage: Array<{ name: string; ms: number }>;
  byTotal: Array<{ name: string; ms: number }>;
  folded: string;
}

function packageOf(url: string): string {
  if (!url) return '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node: core';
  const m = /\/work\/[^/]+\/(server|demo|bench)\/(\w+)/.exec(url);
  if (m) return `ours: ${m[1]}/${m[2]}`;
  return url.replace(/^file:\/\//, '');
}

const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/[^/]+\//, '')}:${node.callFrame.lineNumber + 1}`;

export function summarize(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  const bySelf = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byTotal = new Map<string, number>();
  const folded = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    totalMs += ms;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      if (name === '(idle)') idleMs += ms;
      add(bySelf, name, ms);
      add(byPackage, name, ms);
      continue;
    }
    const labels: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (n.callFrame.functionName === '(root)') break;
      labels.push(label(n));
    }
    if (labels.some((frame) => frame.includes('profile-on-signal.mjs'))) continue; // the benchmark's profiler switch
    for (const l of new Set(labels)) add(byTotal, l, ms);
    const stack = labels.map((l) => l.replace(/;/g, ','));
    add(bySelf, label(node), ms);
    add(byPackage, packageOf(node.callFrame.url), ms);
    add(folded, stack.reverse().join(';'), ms);
  }
  const sorted = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms }));
  return {
    totalMs,
    idleMs,
    bySelf: sorted(bySelf),
    byPackage: sorted(byPackage),
    byTotal: sorted(byTotal),
    folded: [...folded].map(([stack, ms]) => `${stack} ${Math.round(ms * 1000)}`).join('\n'),
  };
}

export async function summarizeFile(file: string, top?: number): Promise<ProfileSummary> {
  return summarize(JSON.parse(await readFile(file, 'utf8')) as Profile, top);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/lib/cpu-profile.ts FILE.cpuprofile [--folded OUT]');
  const summary = await summarizeFile(file, 30);
  const busy = summary.totalMs - summary.idleMs;
  const pct = (value: number) => `${((100 * value) / busy).toFixed(1)}%`;
  console.log(`total ${summary.totalMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms, busy ${busy.toFixed(0)} ms`);
  console.log('\nby package (self):');
  for (const row of summary.byPackage) console.log(`  ${pct(row.ms).padStart(6)}  ${row.name}`);
  console.log('\nby function (self):');
  for (const row of summary.bySelf) console.log(`  ${pct(row.ms).padStart(6)}  ${row.name}`);
  console.log('\nby function (total):');
  for (const row of summary.byTotal) console.log(`  ${pct(row.ms).padStart(6)}  ${row.name}`);
  const out = process.argv.indexOf('--folded');
  if (out > 0 && process.argv[out + 1]) await writeFile(process.argv[out + 1]!, summary.folded);
}

/**
 * CPU time by who caused it: each sample goes to the nearest frame on its stack that is neither
 * Node's own code nor native (so socket writes count for the library that wrote), then to a bucket.
 * Samples inside module loading (start-up) and the benchmark's profiler switch are left out. Returns milliseconds per bucket, plus idle.
 */
export function attribute(profile: Profile, bucketOf: (url: string) => string): { buckets: Map<string, number>; busyMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const buckets = new Map<string, number>();
  let busyMs = 0;
  const cache = new Map<number, string | null>();
  const classify = (id: number): string | null => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    let bucket: string | null = 'node core (HTTP parsing, timers, event loop)';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      // Start-up, and the benchmark's own profiler switch (profile-on-signal.mjs), are not a request's.
      if (url.startsWith('node:internal/modules') || url.includes('/tsx/dist/') || url.endsWith('/profile-on-signal.mjs')) {
        bucket = null;
        break;
      }
    }
    if (bucket !== null) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const url = byId.get(cur)!.callFrame.url;
        if (url && !url.startsWith('node:')) {
          bucket = bucketOf(url);
          break;
        }
      }
      const name = byId.get(id)!.callFrame.functionName;
      if (name === '(garbage collector)') bucket = 'garbage collector';
      if (name === '(idle)' || name === '(program)') bucket = null;
    }
    cache.set(id, bucket);
    return bucket;
  };
  for (let i = 0; i < profile.samples.length; i += 1) {
    const bucket = classify(profile.samples[i]!);
    if (bucket === null) continue;
    const value = (profile.timeDeltas[i] ?? 0) / 1000;
    busyMs += value;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + value);
  }
  return { buckets, busyMs };
}

export async function readProfile(file: string): Promise<Profile> {
  return JSON.parse(await readFile(file, 'utf8')) as Profile;
}
