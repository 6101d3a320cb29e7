/**
 * Widget builds (`npm run build:widget`):
 *  1. widget/dist/index.js + index.d.ts — the npm ESM entry, self-contained: lit, @trpc/client and the
 *     shared contract (healthex-connect-contract, a private workspace) are bundled in, unminified,
 *     and their types inlined, so the published package has no dependencies at all. (@trpc/client
 *     as a dependency would bring its peers @trpc/server and TypeScript into every front end.)
 *  2. widget/dist/healthex-connect.min.js — one self-contained minified ES module for
 *     `<script type="module" src=…>`, served by the connect service at /widget/v<version>/, plus
 *     widget/dist/manifest.json with its SRI hash and sizes. The build fails when min+gzip exceeds
 *     the 28 KB budget (temporary: 24 KB until the locale-on-demand split takes the Spanish copy out
 *     of the script-tag file).
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
import { dts } from 'rollup-plugin-dts';
import { reactEntryBuilds } from './widget/frameworks/rollup-react.mjs';

const OUT = 'widget/dist';
const SCRIPT_FILE = 'healthex-connect.min.js';
/** Temporarily 28 KB: the host profile and patient error words (26.2 KiB), then the whole-history tile wording and the readable activity log; back to 24 KB with the locale-on-demand split. */
const GZIP_BUDGET = 28 * 1024;
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
 * The styles file's css`` template (plain CSS, no interpolations) minified by lightningcss's public
 * `transform` API: the same rules, fewer bytes. lightningcss keeps every custom property and selector
 * as written (nothing renamed), so hosts theme exactly as documented.
 */
const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!id.endsWith('healthex-connect.styles.ts')) return null;
    const out = code.replace(/\bcss\s*`([^`]*)`/, (_, body) => {
      if (body.includes('${')) this.error('healthex-connect.styles.ts: interpolations are not supported by minify-styles');
      const { code: min } = transformCss({ filename: id, code: Buffer.from(body), minify: true });
      return `css\`${min.toString('utf8').replaceAll('\\', '\\\\')}\``;
    });
    return { code: out, map: null };
  },
});

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

/** Prints sizes and the SRI hash, writes manifest.json, fails over budget. */
const sizeReport = () => ({
  name: 'size-report',
  writeBundle(options, bundle) {
    const chunk = bundle[SCRIPT_FILE];
    if (!chunk || chunk.type !== 'chunk') this.error(`${SCRIPT_FILE} was not produced`);
    const body = readFileSync(`${OUT}/${SCRIPT_FILE}`);
    // Strict-CSP friendly: nothing that needs 'unsafe-eval'.
    if (/\beval\(|new Function\(/.test(body.toString('utf8'))) this.error(`${SCRIPT_FILE} uses eval or new Function: not strict-CSP safe`);
    const gzipBytes = gzipSync(body, { level: 9 }).byteLength;
    const brotliBytes = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).byteLength;
    const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
    const manifest = { version, file: SCRIPT_FILE, integrity, bytes: body.byteLength, gzipBytes, brotliBytes };
    writeFileSync(`${OUT}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    const lines = [
      `${OUT}/${SCRIPT_FILE} (v${version})`,
      `  min:          ${body.byteLength} bytes (${kb(body.byteLength)})`,
      `  min+gzip:     ${gzipBytes} bytes (${kb(gzipBytes)}) — budget ${GZIP_BUDGET} bytes (${kb(GZIP_BUDGET)})`,
      `  min+brotli:   ${brotliBytes} bytes (${kb(brotliBytes)})`,
      `  integrity:    ${integrity}`,
      `  served at:    /widget/v${version}/${SCRIPT_FILE}`,
    ];
    console.log(`\n${lines.join('\n')}\n`);
    if (gzipBytes > GZIP_BUDGET) {
      this.error(`size budget exceeded: ${SCRIPT_FILE} is ${gzipBytes} bytes min+gzip, over the ${GZIP_BUDGET}-byte budget`);
    }
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
    output: { file: `${OUT}/index.js`, format: 'es', sourcemap: true },
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
      terser({
        ecma: 2022,
        module: true,
        toplevel: true,
        compress: { passes: 3 },
        // Plain minification: no property mangling, so the bundle behaves exactly like the sources.
        format: { comments: false },
      }),
      sizeReport(),
    ],
    treeshake,
    output: { file: `${OUT}/${SCRIPT_FILE}`, format: 'es', sourcemap: false, inlineDynamicImports: true, generatedCode: 'es2015' },
  },
  // healthex-connect/react and the server-rendering entry (widget/frameworks/rollup-react.mjs).
  ...reactEntryBuilds({ ts, out: OUT, entryPlugins: [contractSource(), noServerCode()] }),
];
