/**
 * Checks a file the script-tag build loads from next to itself (the Spanish copy, the regions below
 * the banner) against the sha384 the build pinned, and puts it in the page's module map, before the
 * caller's `import()` of the same URL — `import()` takes no integrity.
 *
 * 1. `fetch(url, { integrity })` reads the file and checks its hash, in every engine; a tampered or
 *    missing file stops here.
 * 2. `<link rel="modulepreload" integrity=…>` then fetches it as a module and checks the hash again;
 *    only after its `load` event does `import()` run, and by then the module is in the page's module
 *    map (keyed by URL), so `import()` takes that one and fetches nothing.
 * Chromium and Firefox check a modulepreload's integrity, so there the bytes that run are the bytes
 * checked. WebKitGTK 2.50 does not (a modulepreload with a wrong hash fires `load`): there step 1 is
 * the check, and a server that answered the check with one file and the module fetch a moment later
 * with another would not be caught. widget/README.md says so. An import map with `integrity` was the
 * alternative; it is newer (not in Firefox ESR 128 or WebKit before Safari 18), and an import map added
 * after the page's first module is ignored by engines without multiple-import-map support, which a
 * script-tag widget cannot avoid.
 */
export async function checkPinnedFile(url: string, integrity: string): Promise<void> {
  // Same request mode and credentials as the modulepreload's (crossorigin absent → same-origin credentials).
  const checked = await fetch(url, { integrity, mode: 'cors', credentials: 'same-origin' }).catch((error: unknown) => {
    throw new Error(`${url} failed to load or did not match its integrity ${integrity}`, { cause: error });
  });
  if (!checked.ok) throw new Error(`${url} answered HTTP ${checked.status}`);
  await new Promise<void>((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url;
    link.integrity = integrity;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`${url} failed to load or did not match its integrity ${integrity}`));
    document.head.append(link);
  });
}
