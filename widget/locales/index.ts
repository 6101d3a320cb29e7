import type { BannerCopy, Copy, PageCopy } from './copy.js';

export type { BannerCopy, Copy, PageCopy };

/**
 * Languages the widget speaks. English is in the widget's own file; every other language is a
 * separate file loaded when first needed (locales/load.ts).
 */
export const LOCALE_TAGS = ['en', 'es'] as const;
export type Locale = (typeof LOCALE_TAGS)[number];

function supported(tag: string | null | undefined): Locale | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LOCALE_TAGS as readonly string[]).includes(primary) ? (primary as Locale) : null;
}

/** Picks a supported locale from a BCP 47 tag (`es-MX` → `es`); English when unsupported. */
export function resolveLocale(tag: string | null | undefined): Locale {
  return supported(tag) ?? 'en';
}

/**
 * The widget's language: the `locale` attribute, then the nearest `lang` (the document's included),
 * then the browser's preferred languages in order, then English. A tag that is set but unsupported
 * (e.g. `lang="fr"`) is a decision by the page, so it goes to English rather than to the browser's.
 */
export function pickLocale(attribute: string | null | undefined, lang: string | null | undefined, preferred: readonly string[]): Locale {
  if (attribute) return resolveLocale(attribute);
  if (lang) return resolveLocale(lang);
  for (const tag of preferred) {
    const found = supported(tag);
    if (found) return found;
  }
  return 'en';
}
