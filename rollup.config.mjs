/**
 * Widget builds (`npm run build:widget`):
 *  1. widget/dist/index.js + index.d.ts — the npm ESM entry, self-contained: lit, @trpc/client and the
 *     shared contract (healthex-connect-contract, a private workspace) are bundled in, unminified,
 *     and their types inlined, so the published package has no dependencies at all. (@trpc/client
 *     as a dependency would bring its peers @trpc/server and TypeScript into every front end.)
 *     Spanish is a chunk of its own (locale-es.js), imported dynamically when first needed, and so are
 *     the regions below the banner (below-fold.js), imported once the banner has its first answer.
 *  2. widget/dist/healthex-connect.min.js — one self-contained minified ES module for
 *     `<script type="module" src=…>`, served by the connect service at /widget/v<version>/, and next
 *     to it healthex-connect.es.min.js, the Spanish copy it loads on demand, pinned by its sha384
 *     (locales/spanish.script-tag.ts), and healthex-connect.page.min.js, the chunk holding the regions
 *     below the banner and their English, which it loads once the banner has its answer, pinned the
 *     same way (below-fold-load.script-tag.ts); widget/dist/manifest.json lists all three with their
 *     SRI hashes and sizes. The build reports the script-tag file's min+gzip against its budget, 2.2× the floor
 *     (bench/widget-floor/lit-trpc-floor.js, a bare Lit element making one tRPC query), which this
 *     build measures itself, the same way, every time: over it the build fails, and within 5 % of it
 *     the build warns.
 *  Dependencies are bundled as published: no plugin rewrites their code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { transform as transformCss } from 'lightningcss';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { reactEntryBuilds } from './widget/frameworks/rollup-react.mjs';

const OUT = 'widget/dist';
const SCRIPT_FILE = 'healthex-connect.min.js';
/** The Spanish copy of the script-tag file, served next to it. */
const ES_LOCALE_FILE = 'healthex-connect.es.min.js';
/** The script-tag file's regions below the banner (a chunk of the same build), served next to it. */
const PAGE_FILE = 'healthex-connect.page.min.js';
/** Stands for the page chunk's sha384 in the script-tag file until the chunk's final bytes are known. */
const PAGE_INTEGRITY_PLACEHOLDER = '__HEALTHEX_PAGE_INTEGRITY__';
/** The script-tag file's budget: at most this many times the floor's min+gzip bytes, with ≥ 5 % headroom. */
const FLOOR_RATIO_BUDGET = 2.2;
/** The headroom the budget asks for: the build warns when the file is within this share of it. */
const HEADROOM_TARGET = 0.05;
const FLOOR_ENTRY = fileURLToPath(new URL('./bench/widget-floor/lit-trpc-floor.js', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('./widget/package.json', import.meta.url), 'utf8'));
const CONTRACT_SOURCE = fileURLToPath(new URL('./contract/index.ts', import.meta.url));

/** TypeScript for the bundle only: type checking is `npm run typecheck`'s job. */
const ts = (sourceMap) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['widget/**/*.ts', 'contract/**/*.ts'],
    exclude: ['widget/**/*.test.ts', 'widget/testing/**', 'widget/contract.check.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap, inlineSources: sourceMap, module: 'esnext', moduleResolution: 'bundler', types: [] },
    noForceEmit: false,
    filterRoot: '.',
  });

/** The contract is bundled from its sources (as tsconfig.json's `paths` say), never from a build of it. */
const contractSource = () => ({
  name: 'contract-source',
  resolveId(source) {
    return source === 'healthex-connect-contract' ? CONTRACT_SOURCE : null;
  },
});

/** No server code may reach a widget bundle (the server's router is imported as a type only). */
const noServerCode = () => ({
  name: 'no-server-code',
  resolveId(source, importer) {
    if (importer && /[\\/]server[\\/]/.test(new URL(source, `file://${importer}`).pathname) && !importer.includes('node_modules')) {
      this.error(`server code must not be bundled into the widget: ${source} (from ${importer})`);
    }
    return null;
  },
});

/**
 * Each styles file's css`` template (healthex-connect.styles.ts, below-fold.styles.ts; plain CSS, no interpolations) minified by lightningcss's public
 * `transform` API: the same rules, fewer bytes. lightningcss keeps every custom property and selector
 * as written (nothing renamed), so hosts theme exactly as documented.
 */
const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!/[\\/]widget[\\/][\w-]+\.styles\.ts$/.test(id)) return null;
    const out = code.replace(/\bcss\s*`([^`]*)`/, (_, body) => {
      if (body.includes('${')) this.error(`${id}: interpolations are not supported by minify-styles`);
      const { code: min } = transformCss({ filename: id, code: Buffer.from(body), minify: true });
      return `css\`${min.toString('utf8').replaceAll('\\', '\\\\')}\``;
    });
    return { code: out, map: null };
  },
});

/** Plain minification: no property mangling, so the bundle behaves exactly like the sources. */
const minify = () => terser({ ecma: 2022, module: true, toplevel: true, compress: { passes: 3 }, format: { comments: false } });

/** Minified code of one entry built on its own, in memory (the locale file, the floor). */
async function buildAlone(input, plugins) {
  const bundle = await rollup({ input, plugins: [...plugins, minify()], treeshake, onwarn: () => undefined });
  const { output } = await bundle.generate({ format: 'es', generatedCode: 'es2015' });
  await bundle.close();
  return output[0].code;
}

const sri = (body) => `sha384-${createHash('sha384').update(body).digest('base64')}`;

/**
 * The script-tag build's Spanish: builds widget/locales/es.ts into its own minified file (emitted next
 * to the script-tag file), puts locales/spanish.script-tag.ts in place of locales/spanish.ts, and
 * writes the file's name and sha384 into it.
 */
const spanishLocaleFile = () => {
  let pin = null;
  return {
    name: 'spanish-locale-file',
    async buildStart() {
      const code = await buildAlone('widget/locales/es.ts', [ts(false)]);
      pin = { file: `./${ES_LOCALE_FILE}`, integrity: sri(code) };
      this.emitFile({ type: 'asset', fileName: ES_LOCALE_FILE, source: code });
    },
    resolveId: {
      order: 'pre', // before node-resolve and TypeScript resolve it to locales/spanish.ts
      handler(source, importer) {
        if (source !== './spanish.js' || !importer || !/[\\/]widget[\\/]locales[\\/]load\.ts$/.test(importer)) return null;
        return fileURLToPath(new URL('./widget/locales/spanish.script-tag.ts', import.meta.url));
      },
    },
    transform(code, id) {
      if (!id.endsWith('spanish.script-tag.ts')) return null;
      if (!code.includes('__HEALTHEX_ES_LOCALE__')) this.error('spanish.script-tag.ts lost its __HEALTHEX_ES_LOCALE__ pin');
      return { code: code.replaceAll('__HEALTHEX_ES_LOCALE__', JSON.stringify(pin)), map: null };
    },
  };
};

/**
 * The script-tag build's regions below the banner: puts below-fold-load.script-tag.ts in place of
 * below-fold-load.ts, so the `import()` there makes rollup split widget/below-fold.ts (and what only
 * it uses) into PAGE_FILE, which imports what it shares with the first file from it. Once both
 * chunks are minified, the page chunk's sha384 is written into the first file in place of the
 * placeholder (the page chunk names the first file only by its file name, so nothing is circular).
 */
const belowFoldFile = () => ({
  name: 'below-fold-file',
  resolveId: {
    order: 'pre',
    handler(source, importer) {
      if (source !== './below-fold-load.js' || !importer || !/[\\/]widget[\\/]below-fold-file\.ts$/.test(importer)) return null;
      return fileURLToPath(new URL('./widget/below-fold-load.script-tag.ts', import.meta.url));
    },
  },
  transform(code, id) {
    if (!id.endsWith('below-fold-load.script-tag.ts')) return null;
    if (!code.includes('__HEALTHEX_PAGE_FILE__')) this.error('below-fold-load.script-tag.ts lost its __HEALTHEX_PAGE_FILE__ pin');
    return { code: code.replaceAll('__HEALTHEX_PAGE_FILE__', JSON.stringify({ file: `./${PAGE_FILE}`, integrity: PAGE_INTEGRITY_PLACEHOLDER })), map: null };
  },
  generateBundle(options, bundle) {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
    const page = bundle[PAGE_FILE];
    // The entry: SCRIPT_FILE, or another name when bench/ builds this configuration for its own files.
    const main = chunks.find((chunk) => chunk.isEntry);
    // An entry without the widget (bench/'s floors, built with this configuration): nothing to pin.
    if (!page && !chunks.some((chunk) => chunk.code.includes(PAGE_INTEGRITY_PLACEHOLDER))) return;
    if (chunks.length !== 2 || page?.type !== 'chunk' || !main) {
      this.error(`the script-tag build must make exactly ${SCRIPT_FILE} and ${PAGE_FILE}; it made ${chunks.map((c) => c.fileName).join(', ')}`);
    }
    if (main.code.split(PAGE_INTEGRITY_PLACEHOLDER).length !== 2) this.error(`${SCRIPT_FILE} must hold the page chunk's integrity placeholder once`);
    main.code = main.code.replace(PAGE_INTEGRITY_PLACEHOLDER, sri(page.code));
  },
});

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const sizes = (body) => ({
  bytes: body.byteLength,
  gzipBytes: gzipSync(body, { level: 9 }).byteLength,
  brotliBytes: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
});

/**
 * Prints sizes and SRI hashes, writes manifest.json, fails over budget. The floor is built here, the
 * same way as the script-tag file (node-resolve, terser), so the ratio compares like with like in
 * every build; it takes a second or two.
 */
const sizeReport = () => ({
  name: 'size-report',
  async writeBundle(options, bundle) {
    const chunk = bundle[SCRIPT_FILE];
    if (!chunk || chunk.type !== 'chunk') this.error(`${SCRIPT_FILE} was not produced`);
    const body = readFileSync(`${OUT}/${SCRIPT_FILE}`);
    const esBody = readFileSync(`${OUT}/${ES_LOCALE_FILE}`);
    const pageBody = readFileSync(`${OUT}/${PAGE_FILE}`);
    if (!body.toString('utf8').includes(sri(pageBody))) this.error(`${SCRIPT_FILE} does not pin ${PAGE_FILE}'s sha384`);
    // Strict-CSP friendly: nothing that needs 'unsafe-eval'.
    for (const [file, code] of [[SCRIPT_FILE, body], [ES_LOCALE_FILE, esBody], [PAGE_FILE, pageBody]]) {
      if (/\beval\(|new Function\(/.test(code.toString('utf8'))) this.error(`${file} uses eval or new Function: not strict-CSP safe`);
    }
    const floorCode = await buildAlone(FLOOR_ENTRY, [nodeResolve({ browser: true, exportConditions: ['production'] })]);
    const floorGzip = gzipSync(floorCode, { level: 9 }).byteLength;
    const budget = Math.floor(FLOOR_RATIO_BUDGET * floorGzip);
    const main = sizes(body);
    const es = sizes(esBody);
    const page = sizes(pageBody);
    const integrity = sri(body);
    const manifest = {
      version,
      file: SCRIPT_FILE,
      integrity,
      ...main,
      locales: { es: { file: ES_LOCALE_FILE, integrity: sri(esBody), ...es } },
      parts: { page: { file: PAGE_FILE, integrity: sri(pageBody), ...page } },
    };
    writeFileSync(`${OUT}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    const headroom = budget - main.gzipBytes;
    const lines = [
      `${OUT}/${SCRIPT_FILE} (v${version})`,
      `  min:          ${main.bytes} bytes (${kb(main.bytes)})`,
      `  min+gzip:     ${main.gzipBytes} bytes (${kb(main.gzipBytes)}) — ${(main.gzipBytes / floorGzip).toFixed(2)}× the floor (${floorGzip} bytes)`,
      `  budget:       ${budget} bytes (${FLOOR_RATIO_BUDGET}× the floor); headroom ${headroom} bytes (${((100 * headroom) / budget).toFixed(1)} %, target ≥ ${100 * HEADROOM_TARGET} %)`,
      `  min+brotli:   ${main.brotliBytes} bytes (${kb(main.brotliBytes)})`,
      `  integrity:    ${integrity}`,
      `  served at:    /widget/v${version}/${SCRIPT_FILE}`,
      `${OUT}/${PAGE_FILE} (loaded once the banner has its answer, rendered after it): min ${page.bytes}, min+gzip ${page.gzipBytes}, min+brotli ${page.brotliBytes} bytes; ${manifest.parts.page.integrity}`,
      `${OUT}/${ES_LOCALE_FILE} (loaded on demand): min ${es.bytes}, min+gzip ${es.gzipBytes}, min+brotli ${es.brotliBytes} bytes; ${manifest.locales.es.integrity}`,
    ];
    console.log(`\n${lines.join('\n')}\n`);
    if (main.gzipBytes > budget) {
      this.error(`size budget exceeded: ${SCRIPT_FILE} is ${main.gzipBytes} bytes min+gzip, ${main.gzipBytes - budget} bytes over ${FLOOR_RATIO_BUDGET}× the floor (${budget} bytes)`);
    }
    if (headroom < HEADROOM_TARGET * budget) console.warn(`headroom under ${100 * HEADROOM_TARGET} %: ${SCRIPT_FILE} is ${headroom} bytes under its budget`);
  },
});

// Rollup's documented `treeshake.moduleSideEffects` (function form), for @trpc's modules only: they
// publish no `sideEffects` field, so rollup keeps every module `index.mjs` re-exports — wsLink
// included (~1 KB gzip) — because it cannot prove the module-level statements pure. Those statements
// are bundler helper wrappers and one static field (`WsConnection.connectCount`) on a class we never
// reach; nothing global is touched. So the flag only drops modules we do not use: the code we call
// is bundled byte for byte as published. (Checked against @trpc/client 11.x; re-check on upgrade.)
const treeshake = { moduleSideEffects: (id, external) => !external && !/node_modules[\\/]@trpc[\\/]/.test(id) };

export default [
  {
    input: 'widget/index.ts',
    plugins: [contractSource(), noServerCode(), nodeResolve({ browser: true, exportConditions: ['production'] }), ts(true)],
    treeshake,
    output: {
      dir: OUT,
      entryFileNames: 'index.js',
      // index.js keeps exactly its public exports, so the code it shares with the chunks loaded later
      // (the element, lit) is element.js, which index.js re-exports; the regions below the banner are
      // below-fold.js, the languages locale-<name>.js.
      chunkFileNames: (chunk) => (chunk.name === 'index' ? 'element.js' : chunk.name === 'below-fold' ? 'below-fold.js' : 'locale-[name].js'),
      // The list helper both languages use gets a chunk of its own: otherwise rollup moves the whole
      // entry into a chunk so that locale-es.js can import it without changing index.js's exports.
      manualChunks: (id) => (/[\\/]locales[\\/]long-date-and-list\.ts$/.test(id) ? 'list' : undefined),
      format: 'es',
      sourcemap: true,
    },
  },
  {
    input: 'widget/index.ts',
    // respectExternal: lit's declarations are inlined too (the package installs no lit to point at).
    plugins: [dts({ tsconfig: './tsconfig.json', respectExternal: true, compilerOptions: { types: [] } })],
    output: { file: `${OUT}/index.d.ts`, format: 'es' },
  },
  {
    input: 'widget/index.ts',
    plugins: [
      contractSource(),
      noServerCode(),
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      minifyStyles(),
      ts(false),
      spanishLocaleFile(),
      belowFoldFile(),
      minify(),
      sizeReport(),
    ],
    treeshake,
    // What the page chunk shares with the first file (lit, the copy helpers) stays in the first file,
    // which exports it to the chunk: rollup may add exports to this entry (nobody imports it by name).
    preserveEntrySignatures: 'allow-extension',
    output: { dir: OUT, entryFileNames: SCRIPT_FILE, chunkFileNames: PAGE_FILE, format: 'es', sourcemap: false, generatedCode: 'es2015' },
  },
  // healthex-connect/react and the server-rendering entry (widget/frameworks/rollup-react.mjs).
  ...reactEntryBuilds({ ts, out: OUT, entryPlugins: [contractSource(), noServerCode()] }),
];
