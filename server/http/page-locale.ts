/**
 * The language of the service's own pages (callback, plain-link begin, root): a `lang` query value
 * the page was linked with (`en` or `es`), else the browser's Accept-Language, else English. The
 * callback carries no `lang` of ours (HealthEx builds that URL), but it is the patient's own browser
 * that follows it, so its Accept-Language is the same one the widget's page was read in.
 */
import { z } from 'zod';

export const PAGE_LOCALES = ['en', 'es'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

const langParam = z.enum(PAGE_LOCALES);
/** One Accept-Language entry: a tag with an optional quality (RFC 9110 §12.5.4). */
const languageRange = z.string().regex(/^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$/);

/** The supported locale the header prefers most (by quality, then order); undefined when none. */
export function localeFromAcceptLanguage(header: string | undefined): PageLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 32) // a header of hundreds of entries is not a patient's browser
    .flatMap((entry, order) => {
      const parsed = languageRange.safeParse(entry);
      if (!parsed.success) return [];
      const [, tag = '', quality] = /^\s*([^;\s]+)\s*(?:;\s*q\s*=\s*([\d.]+))?/.exec(parsed.data) ?? [];
      const primary = tag.toLowerCase().split('-')[0];
      const locale = PAGE_LOCALES.find((candidate) => candidate === primary);
      const q = quality === undefined ? 1 : Number(quality);
      return locale && q > 0 ? [{ locale, q, order }] : [];
    })
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.locale;
}

export function pageLocale(request: { query: Record<string, unknown>; acceptLanguage: string | undefined }): PageLocale {
  const lang = langParam.safeParse(request.query.lang);
  return lang.success ? lang.data : (localeFromAcceptLanguage(request.acceptLanguage) ?? 'en');
}
