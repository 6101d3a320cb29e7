import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, pageLocale } from './page-locale.js';

describe('the language of the service’s pages', () => {
  it('follows Accept-Language by quality, then order, for the languages the pages speak', () => {
    expect(localeFromAcceptLanguage('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,es;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.3, es;q=0.7')).toBe('es');
    expect(localeFromAcceptLanguage('es;q=0, en;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage('fr, de')).toBeUndefined();
    expect(localeFromAcceptLanguage('%%%, es')).toBe('es');
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });

  it('a lang value the page was linked with wins; anything else falls back to the header, then English', () => {
    expect(pageLocale({ query: { lang: 'es' }, acceptLanguage: 'en' })).toBe('es');
    expect(pageLocale({ query: { lang: 'xx' }, acceptLanguage: 'es' })).toBe('es');
    expect(pageLocale({ query: { lang: ['es', 'en'] }, acceptLanguage: undefined })).toBe('en');
    expect(pageLocale({ query: {}, acceptLanguage: 'de' })).toBe('en');
  });
});
