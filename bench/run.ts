/**
 * `npm run bench`: runs every benchmark once, offline, and writes bench/RESULTS.md with the figures,
 * the ratios, the targets met or missed, the machine and the date. `npm run bench -- growth memory`
 * runs only the named ones (and still writes the file). BENCH_QUICK=1 shortens every run.
 */
import { execSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDatabase } from '../server/db/start-database.js';
import { auditScaleOut } from './audit-scale-out.js';
import { beginPool } from './begin-pool.js';
import { beginProfile } from './begin-profile.js';
import { callbackCost } from './callback-cost.js';
import { growth } from './growth.js';
import { lighthouseBench } from './lighthouse.js';
import { log, machine, table, type Section } from './lib/common.js';
import { memory } from './memory.js';
import { serviceThroughput } from './service-throughput.js';
import { widgetFirstRender } from './widget-first-render.js';
import { widgetWeight } from './widget-weight.js';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';

interface Bench {
  name: string;
  run(context: { mongodbUri: string; widgetDir: string | null }): Promise<Section & { widgetDir?: string }>;
}

const benches: Bench[] = [
  { name: 'weight', run: () => widgetWeight() },
  { name: 'render', run: ({ mongodbUri, widgetDir }) => widgetFirstRender({ mongodbUri, widgetDir, loads: quick ? 10 : 40 }) },
  { name: 'throughput', run: ({ mongodbUri }) => serviceThroughput({ mongodbUri, seconds: quick ? 2 : 5, rounds: quick ? 2 : 3 }) },
  { name: 'callback', run: ({ mongodbUri }) => callbackCost({ mongodbUri, callbacks: quick ? 20 : 100 }) },
  { name: 'growth', run: ({ mongodbUri }) => growth({ mongodbUri, requestsPerRound: quick ? 100 : 400, rounds: quick ? 2 : 5 }) },
  { name: 'memory', run: ({ mongodbUri }) => memory({ mongodbUri, requests: 10_000 }) },
  { name: 'audit', run: ({ mongodbUri }) => auditScaleOut({ mongodbUri, ...(quick ? { calls: 400, rounds: 1 } : {}) }) },
  { name: 'lighthouse', run: ({ mongodbUri, widgetDir }) => lighthouseBench({ mongodbUri, widgetDir, runs: quick ? 1 : 3 }) },
  { name: 'pool', run: ({ mongodbUri }) => beginPool({ mongodbUri, ...(quick ? { rounds: 1 } : {}) }) },
  { name: 'begin', run: ({ mongodbUri }) => beginProfile({ mongodbUri, ...(quick ? { rounds: 1 } : {}) }) },
];

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = only.length ? benches.filter((bench) => only.includes(bench.name)) : benches;
process.chdir(fileURLToPath(new URL('..', import.meta.url))); // rollup.config.mjs reads ./tsconfig.json
const startedAt = Date.now();
const loadBefore = os.loadavg();
const host = machine();
const database = await startDatabase(process.env);
log(`database: ${database.kind}`);
const sections: Array<Section & { seconds: number }> = [];
let widgetDir: string | null = null;
try {
  for (const bench of selected) {
    log(`— ${bench.name}`);
    const started = Date.now();
    try {
      const section = await bench.run({ mongodbUri: database.uri, widgetDir });
      if (section.widgetDir) widgetDir = section.widgetDir;
      sections.push({ ...section, seconds: (Date.now() - started) / 1000 });
      process.stdout.write(`\n## ${section.title}\n\n${section.body}\n`);
    } catch (error) {
      log(`${bench.name} failed: ${(error as Error).stack ?? error}`);
      sections.push({ title: `${bench.name}: FAILED`, body: `\`${(error as Error).message}\``, targets: [], seconds: (Date.now() - started) / 1000 });
    }
  }
} finally {
  await database.stop();
}

const loadAfter = os.loadavg();
const commit = (() => {
  try {
    return `${execSync('git rev-parse --short HEAD').toString().trim()}${execSync('git status --porcelain -- server widget demo').toString().trim() ? ' (with uncommitted changes in server/, widget/ or demo/)' : ''}`;
  } catch {
    return 'unknown';
  }
})();
const notes = await readFile(fileURLToPath(new URL('./NOTES.md', import.meta.url)), 'utf8').catch(() => '');
const targets = sections.flatMap((section) => section.targets);
const markdown = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` (bench/run.ts) on ${host.date}${quick ? ' — **BENCH_QUICK=1: shortened runs**' : ''}.`,
  `Machine: ${host.cpu}, ${host.memory} RAM, ${host.os}, Node ${host.node}. Database: ${database.kind === 'embedded' ? 'the embedded engine (@jongodb/memory-server-bin-linux-x64-gnu)' : database.kind}. ` +
    `Everything on loopback, on the same ${host.cpu.split(' ')[0]} cores (load generator, service, database, browser). Whole run: ${Math.round((Date.now() - startedAt) / 1000)} s. Code: ${commit}.`,
  `Load average (1 min) ${loadBefore[0]!.toFixed(1)} at the start and ${loadAfter[0]!.toFixed(1)} at the end: other work shares this machine, so absolute figures are noisy — each comparison is measured side by side in one run and quoted as a ratio.`,
  '',
  '## Targets',
  '',
  table(
    ['measure', 'target', 'measured', 'met?'],
    targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : '**missed**']),
  ),
  '',
  ...sections.flatMap((section) => [`## ${section.title}`, '', section.body, '', `<sub>${section.seconds.toFixed(0)} s</sub>`, '']),
  ...(notes ? ['## Analysis (bench/NOTES.md, written by hand)', '', notes] : []),
].join('\n');
await writeFile(RESULTS, markdown);
log(`wrote ${RESULTS}`);
process.stdout.write(`\n${table(['measure', 'target', 'measured', 'met?'], targets.map((t) => [t.name, t.target, t.measured, t.met ? 'met' : 'MISSED']))}\n`);
process.exit(0);
