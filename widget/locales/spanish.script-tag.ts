import type { Copy } from './copy.js';

/**
 * The script-tag file's Spanish (rollup.config.mjs puts this module in place of locales/spanish.ts):
 * healthex-connect.es.min.js, next to the script-tag file, pinned by the sha384 the build computed
 * and wrote in here.
 *
 * How the pin is enforced: `import()` takes no integrity, so a `<link rel="modulepreload"
 * integrity=…>` fetches and verifies the file first, and only after its `load` event does `import()`
 * run — by then the verified module is in the page's module map (keyed by URL), so `import()` takes
 * that one and fetches nothing. A tampered or missing file fires `error` instead, and `import()` never
 * runs. modulepreload with integrity works in Chromium, Firefox (115+, so every ESR since) and WebKit
 * (Safari 17+, WebKitGTK 2.42+). An import map with `integrity` was the alternative; it is newer (not
 * in Firefox ESR 128 or WebKit before Safari 18) and an import map added after the page's first module
 * is ignored by engines without multiple-import-map support, which a script-tag widget cannot avoid.
 */
declare const __HEALTHEX_ES_LOCALE__: { file: string; integrity: string };

export function loadSpanish(): Promise<Copy> {
  const { file, integrity } = __HEALTHEX_ES_LOCALE__;
  const url = new URL(file, import.meta.url).href;
  return new Promise<void>((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url;
    link.integrity = integrity;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`${url} failed to load or did not match its integrity ${integrity}`));
    document.head.append(link);
  })
    .then(() => import(/* @vite-ignore */ url) as Promise<{ es: Copy }>)
    .then((module) => module.es);
}
