import { en, type Copy } from './en.js';
import { es } from './es.js';

export type { Copy };

/** Languages the widget speaks. */
export const LOCALES = { en, es } as const;
export type Locale = keyof typeof LOCALES;

/** Picks a supported locale from a BCP 47 tag (`es-MX` → `es`); English when unsupported. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in LOCALES ? (primary as Locale) : 'en';
}
