/**
 * The demo sites' page language: `?lang=en|es` (English when absent or anything else), which the
 * server renders the page in — `<html lang>` included, so the element and assistive technology read
 * the same language as the text — and the few words both sites say alike (US English; Spanish, usted).
 */
import { escapeHtml } from '../../server/http/escape-html.js';

export type PageLang = 'en' | 'es';

/** The page language a `lang` query or form value asks for. */
export function pageLang(value: unknown): PageLang {
  return value === 'es' ? 'es' : 'en';
}

/** `path` in `lang` (English, the default, needs no query); also the sign-in forms' actions, so their redirect keeps it. */
export function inLang(path: string, lang: PageLang): string {
  return lang === 'en' ? path : `${path}?lang=${lang}`;
}

const WORDS = {
  en: {
    languages: 'Language',
    signOut: 'Sign out',
    sandboxLogin: (login: string) => `In the HealthEx sandbox, sign in as <code>${escapeHtml(login)}</code> with the password <code>sandbox</code>.`,
  },
  es: {
    languages: 'Idioma',
    signOut: 'Cerrar sesión',
    sandboxLogin: (login: string) => `En el entorno de pruebas de HealthEx, inicie sesión como <code>${escapeHtml(login)}</code> con la contraseña <code>sandbox</code>.`,
  },
} as const;

export const SITE_WORDS: Record<PageLang, (typeof WORDS)[PageLang]> = WORDS;

/** English · Español, each named in its own language; the page's own marked as current. */
export function languageSwitch(lang: PageLang): string {
  const link = (to: PageLang, name: string) => `<a href="?lang=${to}" lang="${to}" hreflang="${to}"${to === lang ? ' aria-current="true"' : ''}>${name}</a>`;
  return `<nav class="lang-switch" aria-label="${SITE_WORDS[lang].languages}">${link('en', 'English')} · ${link('es', 'Español')}</nav>`;
}
