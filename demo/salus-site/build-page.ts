/**
 * Bundles the Salus page script (page/salus-page.ts) with Vite, resolving `healthex-connect` to the
 * widget's npm entry (widget/dist/index.js, with lit and @trpc/client from node_modules) — the way a
 * Salus front end that installed the package would build it. An ES module entry plus the chunks Vite
 * splits off (the widget's Spanish words, loaded only when the page asks for Spanish, and what they
 * share with the entry); no inline script needed on the page.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ENTRY = fileURLToPath(new URL('./page/salus-page.ts', import.meta.url));
export const SALUS_PAGE_SCRIPT = 'salus-page.js';

/** The built scripts by file name: SALUS_PAGE_SCRIPT, the entry, and every chunk it imports. */
export type SalusPageScripts = ReadonlyMap<string, string>;

/**
 * Builds into `outDir`; returns every script written, by file name (the site serves them all under
 * /assets/). `widgetDir` holds the widget build (`npm run build:widget` → widget/dist, or a copy of
 * it inside the repository).
 */
export async function buildSalusPage(outDir: string, widgetDir: string): Promise<SalusPageScripts> {
  await build({
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('./page/', import.meta.url)),
    plugins: [
      {
        // `healthex-connect` → the widget build given, marked as having side effects (it defines the
        // element). package.json's `sideEffects` names widget/dist/index.js for installers of the
        // package; here, inside the repository, it would also cover a copy elsewhere and drop it.
        name: 'healthex-connect-entry',
        enforce: 'pre',
        resolveId: (source) => (source === 'healthex-connect' ? { id: join(widgetDir, 'index.js'), moduleSideEffects: true } : null),
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: ENTRY, formats: ['es'], fileName: () => SALUS_PAGE_SCRIPT },
    },
  });
  const names = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  if (!names.includes(SALUS_PAGE_SCRIPT)) throw new Error(`the Salus page build wrote no ${SALUS_PAGE_SCRIPT}`);
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(outDir, name), 'utf8')] as const)));
}
