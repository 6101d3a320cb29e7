import { checkPinnedFile } from '../pinned-file.js';
import type { Copy } from './copy.js';

/**
 * The script-tag file's Spanish (rollup.config.mjs puts this module in place of locales/spanish.ts):
 * healthex-connect.es.min.js, next to the script-tag file, pinned by the sha384 the build computed
 * and wrote in here (how the pin is enforced: ../pinned-file.ts).
 */
declare const __HEALTHEX_ES_LOCALE__: { file: string; integrity: string };

export async function loadSpanish(): Promise<Copy> {
  const { file, integrity } = __HEALTHEX_ES_LOCALE__;
  const url = new URL(file, import.meta.url).href;
  await checkPinnedFile(url, integrity);
  const module = (await import(/* @vite-ignore */ url)) as { es: Copy };
  return module.es;
}
