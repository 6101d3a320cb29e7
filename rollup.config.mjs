/**
 * Widget builds (`npm run build:widget`):
 *  1. dist/widget/index.js + index.d.ts — the npm ESM entry, lit and @trpc/client left external;
 *  2. dist/widget/healthex-connect.min.js — one self-contained minified ES module for
 *     `<script type="module" src=…>`, served by the connect service at /widget/v<version>/, plus
 *     dist/widget/manifest.json with its SRI hash and sizes. The build fails when min+gzip exceeds
 *     the 24 KB budget.
 *  Dependencies are bundled as published: no plugin rewrites their code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const OUT = 'dist/widget';
const SCRIPT_FILE = 'healthex-connect.min.js';
const GZIP_BUDGET = 24 * 1024;
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** TypeScript for the bundle only: type checking is `npm run typecheck`'s job. */
const ts = (sourceMap) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['widget/**/*.ts'],
    exclude: ['widget/**/*.test.ts', 'widget/testing/**', 'widget/contract.check.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap, inlineSources: sourceMap, module: 'esnext', moduleResolution: 'bundler', types: [] },
    noForceEmit: false,
    filterRoot: '.',
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
 * After terser (no comments left, code on one line), the only raw newlines are inside template
 * literals: Lit's html`` and css`` templates, where a newline and its indentation render exactly like
 * one space. Collapsing them saves a few kilobytes.
 */
const collapseTemplateWhitespace = () => ({
  name: 'collapse-template-whitespace',
  renderChunk(code) {
    return { code: code.replace(/\n\s*/g, ' '), map: null };
  },
});

/**
 * Minifies the (interpolation-free) css`` template of the styles file: comments, spaces, last
 * semicolons, and the internal `--_name` custom properties (never set from outside; the host themes
 * through `--healthex-*`) renamed to `--_a`, `--_b`…, most used first.
 */
const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!id.endsWith('healthex-connect.styles.ts')) return null;
    const out = code.replace(/\bcss\s*`([^`]*)`/, (_, body) => {
      if (body.includes('${')) this.error('healthex-connect.styles.ts: interpolations are not supported by minify-styles');
      const min = body
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        .trim();
      const uses = new Map();
      for (const [, name] of min.matchAll(/--_([\w-]+)/g)) uses.set(name, (uses.get(name) ?? 0) + 1);
      if (uses.size > 26) this.error('minify-styles: more than 26 internal custom properties');
      const short = new Map([...uses].sort((x, y) => y[1] - x[1]).map(([name], i) => [name, String.fromCharCode(97 + i)]));
      const renamed = min.replace(/--_([\w-]+)/g, (_, name) => `--_${short.get(name)}`);
      return `css\`${renamed}\``;
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

const external = (id) => /^(lit|@lit|lit-html|lit-element|@lit-labs|@trpc\/client|@trpc\/server)(\/|$)/.test(id);

export default [
  {
    input: 'widget/index.ts',
    external,
    plugins: [noServerCode(), ts(true)],
    output: { file: `${OUT}/index.js`, format: 'es', sourcemap: true },
  },
  {
    input: 'widget/index.ts',
    plugins: [dts({ tsconfig: './tsconfig.json', compilerOptions: { types: [] } })],
    external,
    output: { file: `${OUT}/index.d.ts`, format: 'es' },
  },
  {
    input: 'widget/index.ts',
    plugins: [
      noServerCode(),
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      minifyStyles(),
      ts(false),
      terser({
        ecma: 2022,
        module: true,
        toplevel: true,
        compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
        // Plain minification: no property mangling, so the bundle behaves exactly like the sources.
        format: { comments: false },
      }),
      collapseTemplateWhitespace(),
      sizeReport(),
    ],
    // @trpc/client ships without a sideEffects flag, so its unused links (websocket, batching) would be
    // kept; its modules are side-effect free, which lets them be tree-shaken.
    treeshake: { moduleSideEffects: (id, external) => !external && !/node_modules[\\/]@trpc[\\/]/.test(id) },
    output: { file: `${OUT}/${SCRIPT_FILE}`, format: 'es', sourcemap: false, inlineDynamicImports: true, generatedCode: 'es2015' },
  },
];
