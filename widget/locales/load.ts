import type { BannerCopy, Copy } from './copy.js';
import { en } from './en.js';
import type { Locale } from './index.js';
import { loadSpanish } from './spanish.js';

/**
 * The copy of each language, loaded once per page. The banner's English ships in the widget's file
 * (the page's English comes with the regions below the banner, ../below-fold.ts); Spanish is a file of
 * its own, both parts, fetched the first time an element needs it (the npm entry: a dynamic `import()`
 * the host's bundler splits out; the script-tag file: an SRI-pinned file next to it,
 * locales/spanish.script-tag.ts). A language that fails to load is English from then on, with one
 * console warning: the widget never stays blank and never shows a half-translated page.
 */
const loaded: Partial<Record<Locale, BannerCopy | Copy>> = { en };
const loading = new Map<Locale, Promise<void>>();
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Copy>> = { es: loadSpanish };

/** The language's copy when it is in; English until then (and for good, when it failed to load). */
export function copyFor(locale: Locale): BannerCopy | Copy {
  return loaded[locale] ?? en;
}

/**
 * Null when `locale`'s copy is ready (or failed for good); else a promise, never rejected, that
 * settles once it is — the element holds its update until then, so no wrong-language copy shows.
 */
export function localeReady(locale: Locale): Promise<void> | null {
  if (locale === 'en' || loaded[locale]) return null;
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale]().then(
      (copy) => void (loaded[locale] = copy),
      (error: unknown) => {
        loaded[locale] = en;
        console.warn(`<healthex-connect>: the "${locale}" copy did not load, so the widget shows English.`, error);
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}
