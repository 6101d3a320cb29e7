/**
 * Bundles the Salus page script (page/salus-page.ts) with Vite, resolving `healthex-connect` to the
 * widget's npm entry (widget/dist/index.js, with lit and @trpc/client from node_modules) — the way a
 * Salus front end that installed the package would build it. One self-contained ES module, no inline
 * script needed on the page.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ENTRY = fileURLToPath(new URL('./page/salus-page.ts', import.meta.url));
export const SALUS_PAGE_SCRIPT = 'salus-page.js';

/**
 * Builds into `outDir`; returns the script's text. `widgetDir` holds the widget build
 * (`npm run build:widget` → widget/dist, or a copy of it inside the repository).
 */
export async function buildSalusPage(outDir: string, widgetDir: string): Promise<string> {
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
  return readFile(join(outDir, SALUS_PAGE_SCRIPT), 'utf8');
}
