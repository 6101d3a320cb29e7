/**
 * Widget weight: the script-tag file (healthex-connect.min.js) min, min+gzip and min+brotli, beside
 * the idiomatic floor — a bare Lit element that makes one `createTRPCClient` query
 * (bench/widget-floor/lit-trpc-floor.js) — and, for reference, Lit alone; both built by the same rollup configuration (rollup.config.mjs's
 * script-tag entry: node-resolve, TypeScript, terser, template whitespace collapsing, tree-shaking
 * options). Both are built into a temporary directory, so dist/ is left alone; the render benchmark
 * serves the widget from there.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { rollup, type OutputOptions, type Plugin, type RollupOptions } from 'rollup';
import { kib, log, ratio, table, type Section } from './lib/common.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT_FILE = 'healthex-connect.min.js';
const LIT_ENTRY = fileURLToPath(new URL('./widget-floor/bare-lit-element.js', import.meta.url));
const FLOOR_ENTRY = fileURLToPath(new URL('./widget-floor/lit-trpc-floor.js', import.meta.url));
/** The floor's file name in the output directory: the render benchmark serves it from there. */
export const FLOOR_FILE = 'lit-trpc-floor.min.js';
/** The bare Lit element's file name in the output directory: the Lighthouse benchmark's floor page loads it. */
export const BARE_LIT_FILE = 'bare-lit-element.min.js';
/** The budget: the script-tag file at most this many times the floor's min+gzip bytes… */
const FLOOR_RATIO_BUDGET = 2.2;
/** …with at least this much of the budget left over. */
const HEADROOM_TARGET = 0.05;
const ES_FILE = 'healthex-connect.es.min.js';
/** The regions below the banner: a chunk of the script-tag build, next to it. */
const PAGE_FILE = 'healthex-connect.page.min.js';

/** A fresh copy of rollup.config.mjs's script-tag entry (fresh plugin instances per build). */
async function scriptTagConfig(tag: string): Promise<RollupOptions> {
  const url = `${pathToFileURL(join(ROOT, 'rollup.config.mjs')).href}?bench=${tag}`;
  const configs = (await import(url)).default as RollupOptions[];
  const entry = configs.find((config) => (config.output as OutputOptions | undefined)?.entryFileNames === SCRIPT_FILE);
  if (!entry) throw new Error(`rollup.config.mjs has no entry writing ${SCRIPT_FILE}`);
  // size-report writes widget/dist/manifest.json and enforces the budget; sizes are measured here.
  const plugins = (entry.plugins as Plugin[]).filter((plugin) => plugin && plugin.name !== 'size-report');
  return { ...entry, plugins };
}

async function build(tag: string, input: string, outDir: string, file: string) {
  const config = await scriptTagConfig(tag);
  const started = performance.now();
  const bundle = await rollup({ ...config, input, onwarn: () => undefined });
  await bundle.write({ ...(config.output as OutputOptions), dir: outDir, entryFileNames: file });
  await bundle.close();
  const body = await readFile(join(outDir, file));
  return {
    body,
    min: body.byteLength,
    gzip: gzipSync(body, { level: 9 }).byteLength,
    brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    buildMs: performance.now() - started,
  };
}

/** Builds the bare Lit element (bench/widget-floor/bare-lit-element.js) into `outDir` as BARE_LIT_FILE. */
export function buildBareLitElement(outDir: string) {
  return build('lit', LIT_ENTRY, outDir, BARE_LIT_FILE);
}

export async function widgetWeight(): Promise<Section & { widgetDir: string }> {
  const outDir = await mkdtemp(join(tmpdir(), 'healthex-bench-widget-'));
  log('weight: building the script-tag file and the bare Lit element');
  const widget = await build('widget', join(ROOT, 'widget/index.ts'), outDir, SCRIPT_FILE);
  const floor = await build('floor', FLOOR_ENTRY, outDir, FLOOR_FILE);
  const lit = await buildBareLitElement(outDir);
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const integrity = `sha384-${createHash('sha384').update(widget.body).digest('base64')}`;

  // The script-tag build writes the Spanish file it loads on demand and its part below the banner next to it.
  const sized = (name: string) =>
    readFile(join(outDir, name)).then(
      (bytes) => ({ integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`, min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength, brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).byteLength }),
      () => null,
    );
  const spanish = await sized(ES_FILE);
  const page = await sized(PAGE_FILE);
  const locales = spanish ? { es: { file: ES_FILE, integrity: spanish.integrity } } : {};
  const parts = page ? { page: { file: PAGE_FILE, integrity: page.integrity } } : {};
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify({ version, file: SCRIPT_FILE, integrity, bytes: widget.min, gzipBytes: widget.gzip, brotliBytes: widget.brotli, locales, parts }));
  const budget = Math.floor(FLOOR_RATIO_BUDGET * floor.gzip);
  const headroom = budget - widget.gzip;
  const rows = [
    ['bare Lit element (Lit alone, for reference)', lit.min, kib(lit.min), kib(lit.gzip), kib(lit.brotli)],
    ['Lit element + one createTRPCClient query (floor)', floor.min, kib(floor.min), kib(floor.gzip), kib(floor.brotli)],
    ['**healthex-connect.min.js**', widget.min, kib(widget.min), kib(widget.gzip), kib(widget.brotli)],
    ...(page ? [[`${PAGE_FILE} (the regions below the banner, fetched once the banner has its answer)`, page.min, kib(page.min), kib(page.gzip), kib(page.brotli)]] : []),
    ...(spanish ? [[`${ES_FILE} (Spanish, fetched only by a Spanish page)`, spanish.min, kib(spanish.min), kib(spanish.gzip), kib(spanish.brotli)]] : []),
    ['script-tag file − floor (our code and the banner’s English)', widget.min - floor.min, kib(widget.min - floor.min), kib(widget.gzip - floor.gzip), kib(widget.brotli - floor.brotli)],
    ['widget / floor', '', ratio(widget.min / floor.min), ratio(widget.gzip / floor.gzip), ratio(widget.brotli / floor.brotli)],
  ];
  const body = [
    `Built with rollup.config.mjs's script-tag entry (its size-report step left out; sizes measured here with gzip -9 and brotli q11, as that step does). ` +
      `The floor is bench/widget-floor/lit-trpc-floor.js: a bare Lit element that makes one query through @trpc/client's public API (createTRPCClient + httpLink), built the same way — the idiomatic minimum for "a Lit element talking to a tRPC service". ` +
        `Nothing in either build patches dependency code or mangles properties.`,
    '',
    table(['file', 'min bytes', 'min', 'min + gzip', 'min + brotli'], rows),
    '',
    `Budget: ${FLOOR_RATIO_BUDGET}× the floor's min + gzip, ${budget} B, with ≥ ${100 * HEADROOM_TARGET} % of it left; headroom ${headroom} B (${((100 * headroom) / budget).toFixed(1)} %). ` +
      `The floor (Lit + tRPC client) is ${((100 * floor.gzip) / widget.gzip).toFixed(0)} % of the widget's gzip bytes.`,
  ].join('\n');
  return {
    title: 'Widget weight',
    body,
    targets: [
      {
        name: 'Script-tag file weight (min + gzip), against the floor built in the same run',
        target: `≤ ${FLOOR_RATIO_BUDGET}× the floor, ≥ ${100 * HEADROOM_TARGET} % headroom (≤ ${Math.floor(budget * (1 - HEADROOM_TARGET))} B)`,
        measured: `${ratio(widget.gzip / floor.gzip)} (${widget.gzip} vs ${floor.gzip} B; ${headroom < 0 ? `${-headroom} B over ${FLOOR_RATIO_BUDGET}×` : `${headroom} B under ${FLOOR_RATIO_BUDGET}×`}; brotli ${kib(widget.brotli)})`,
        met: widget.gzip <= budget * (1 - HEADROOM_TARGET),
      },
    ],
    widgetDir: outDir,
  };
}
