/**
 * @web/test-runner plugin: the script-tag build's files (`/widget/dist/*.min.js`) exactly as built,
 * byte for byte, as the connect service serves them — the dev server's esbuild transform would
 * rewrite them, and then no SRI hash the build computed would match.
 *
 * Also a switch for the tests of a tampered file next to the script-tag file:
 * `GET /__tampered-file?file=healthex-connect.es.min.js&tampered=1` (or `=0`) makes that file answer
 * with one byte changed, for the browser that asked only (by its User-Agent: the engines run side by
 * side). The dev server lets browsers cache the file, so a test that flips the switch re-fetches it
 * with `cache: 'reload'` (bundle-spanish-tampered.test.ts, bundle-page-tampered.test.ts).
 */
import { readFile } from 'node:fs/promises';

const BUILT = /^\/widget\/dist\/[\w.-]+\.min\.js$/;
const SWITCH = '/__tampered-file';
/** The files that can be tampered with, and the one change made to each. */
const TAMPERING = {
  'healthex-connect.es.min.js': ['enero', 'enerO'],
  'healthex-connect.page.min.js': ['Lab Results', 'Lab ResultS'],
};

export function builtFilesPlugin() {
  /** `${user agent}\n${file}` for each file tampered with for one browser. */
  const tampered = new Set();
  const key = (context, file) => `${context.get('user-agent')}\n${file}`;
  const fileOf = (path) => path.replace('/widget/dist/', '');
  return {
    name: 'built-files-as-built',
    serve(context) {
      if (context.path !== SWITCH) return undefined;
      const file = String(context.query['file'] ?? '');
      if (!(file in TAMPERING)) return { status: 400, body: `unknown file ${file}` };
      if (context.query['tampered'] === '1') tampered.add(key(context, file));
      else tampered.delete(key(context, file));
      return { body: '{}', type: 'json' };
    },
    // The dev server caches transformed answers by this key: one entry as built, one tampered.
    transformCacheKey(context) {
      return BUILT.test(context.path) && tampered.has(key(context, fileOf(context.path))) ? 'tampered' : undefined;
    },
    // Runs after every other plugin's transform (it is listed last): the bytes on disk win.
    async transform(context) {
      if (!BUILT.test(context.path)) return undefined;
      const body = await readFile(new URL(`../..${context.path}`, import.meta.url), 'utf8');
      const file = fileOf(context.path);
      if (tampered.has(key(context, file))) {
        const [from, to] = TAMPERING[file];
        if (!body.includes(from)) throw new Error(`${file} no longer contains "${from}": pick another change for the tampering test`);
        return { body: body.replace(from, to) };
      }
      return { body };
    },
  };
}
