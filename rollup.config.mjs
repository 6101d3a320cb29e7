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
import MagicString from 'magic-string';
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
 * Our own html``/css``/svg`` templates (widget/**, never node_modules): inside their literal parts a
 * newline and the indentation after it render exactly like one space (HTML and CSS both collapse
 * whitespace; no template of ours has <pre>, <textarea> or white-space: pre). Runs on the JavaScript
 * TypeScript emitted, walks rollup's own AST (`this.parse`) and edits only the quasis of template
 * literals tagged `html`, `css` or `svg`: strings, regexes and dependency code are never touched.
 */
const TEMPLATE_TAGS = new Set(['html', 'css', 'svg']);
const collapseTemplateWhitespace = () => ({
  name: 'collapse-template-whitespace',
  transform(code, id) {
    if (!/[\\/]widget[\\/]/.test(id) || id.includes('node_modules') || !id.endsWith('.ts')) return null;
    const quasis = [];
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TEMPLATE_TAGS.has(node.tag.name)) {
        quasis.push(...node.quasi.quasis);
      }
      for (const key of Object.keys(node)) if (key !== 'type' && typeof node[key] === 'object') walk(node[key]);
    };
    walk(this.parse(code));
    if (quasis.length === 0) return null;
    const out = new MagicString(code);
    for (const q of quasis) {
      const raw = code.slice(q.start, q.end);
      if (raw !== q.value.raw) this.error(`collapse-template-whitespace: unexpected template position in ${id}`);
      const collapsed = raw.replace(/\n\s*/g, ' ');
      if (collapsed !== raw) out.overwrite(q.start, q.end, collapsed);
    }
    return { code: out.toString(), map: out.generateMap({ hires: true }) };
  },
});

/**
 * Minifies the (interpolation-free) css`` template of the styles file: comments, spaces, last
 * semicolons, leading zeros, long hex colours, quotes around plain attribute values, and the internal `--_name` custom properties (never set from outside; the host themes
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
        // Same values, fewer bytes: 0.5rem is .5rem, #ffffff is #fff, [a='b'] is [a=b] for plain words.
        .replace(/(?<![\w.#-])0\.(\d)/g, '.$1')
        .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3(?![\da-f])/gi, '#$1$2$3')
        .replace(/=(['"])([a-z_][\w-]*)\1\]/gi, '=$2]')
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
      collapseTemplateWhitespace(),
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
