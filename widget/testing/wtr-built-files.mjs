/**
 * @web/test-runner plugin: the script-tag build's files (`/widget/dist/*.min.js`) exactly as built,
 * byte for byte, as the connect service serves them — the dev server's esbuild transform would
 * rewrite them, and then no SRI hash the build computed would match.
 *
 * Also a switch for the test of a tampered Spanish file: `GET /__spanish-file?tampered=1` (or `=0`)
 * makes `/widget/dist/healthex-connect.es.min.js` answer with one byte changed, for the browser that
 * asked only (by its User-Agent: the engines run side by side). The dev server lets browsers cache
 * the file, so a test that flips the switch re-fetches it with `cache: 'reload'` (bundle-spanish-tampered.test.ts).
 */
import { readFile } from 'node:fs/promises';

const BUILT = /^\/widget\/dist\/[\w.-]+\.min\.js$/;
const SPANISH = '/widget/dist/healthex-connect.es.min.js';
const SWITCH = '/__spanish-file';

export function builtFilesPlugin() {
  const tamperedFor = new Set();
  return {
    name: 'built-files-as-built',
    serve(context) {
      if (context.path !== SWITCH) return undefined;
      const agent = context.get('user-agent');
      if (context.query['tampered'] === '1') tamperedFor.add(agent);
      else tamperedFor.delete(agent);
      return { body: '{}', type: 'json' };
    },
    // The dev server caches transformed answers by this key: one entry as built, one tampered.
    transformCacheKey(context) {
      return context.path === SPANISH && tamperedFor.has(context.get('user-agent')) ? 'tampered' : undefined;
    },
    // Runs after every other plugin's transform (it is listed last): the bytes on disk win.
    async transform(context) {
      if (!BUILT.test(context.path)) return undefined;
      const body = await readFile(new URL(`../..${context.path}`, import.meta.url), 'utf8');
      if (context.path === SPANISH && tamperedFor.has(context.get('user-agent'))) return { body: body.replace('enero', 'enerO') };
      return { body };
    },
  };
}
