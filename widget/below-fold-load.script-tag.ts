import type { BelowFoldModule } from './below-fold-load.js';
import { checkPinnedFile } from './pinned-file.js';

/**
 * The script-tag file's regions below the banner (rollup.config.mjs puts this module in place of
 * below-fold-load.ts): healthex-connect.page.min.js, the chunk rollup splits out at the `import()`
 * below, next to the script-tag file. The build writes the chunk's file name and its sha384 in here;
 * the file is checked against it before it runs (./pinned-file.ts). The chunk imports what it shares
 * with the first file (lit) from `./healthex-connect.min.js`, which the page has already loaded.
 */
declare const __HEALTHEX_PAGE_FILE__: { file: string; integrity: string };

export async function loadBelowFold(): Promise<BelowFoldModule> {
  const { file, integrity } = __HEALTHEX_PAGE_FILE__;
  await checkPinnedFile(new URL(file, import.meta.url).href, integrity);
  return import('./below-fold.js');
}
