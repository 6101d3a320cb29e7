/**
 * The Salus site's pages, over real HTTP, in the language of `?lang=`: `<html lang>` and
 * Content-Language set by the server, the page's own text in that language (Salus's own names for
 * its tier and features), English by default, and the sign-in keeping the language it was shown in.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite, type DemoSiteClient } from '../../testkit/demo/demo-site-client.js';
import { createSalusSite } from './app.js';
import { PANEL_WORDS } from './page/panel-words.js';
import { SALUS_WORDS } from './salus-words.js';

let site: DemoSiteClient;
beforeAll(async () => {
  site = await serveDemoSite((origin) =>
    createSalusSite({ origin, connectUrl: 'http://127.0.0.1:9', issuer: 'https://salusai.demo', secret: randomBytes(32), pageScripts: new Map(), isPersonalisationOn: async () => false }),
  );
});
afterAll(() => site.close());

/** The English page words that are not the same in Spanish: none may be left on a Spanish page. */
const spanishTexts = new Set<string>([...Object.values(SALUS_WORDS.es), PANEL_WORDS.es.title, PANEL_WORDS.es.checking, PANEL_WORDS.es.source]);
const englishOnly = [...Object.values(SALUS_WORDS.en), PANEL_WORDS.en.title, PANEL_WORDS.en.checking, PANEL_WORDS.en.source].filter((text) => !spanishTexts.has(text));

describe('the Salus site in the page’s language', () => {
  it('signed out: the sign-in page in Spanish under ?lang=es, in English without it (or for a language it does not speak)', async () => {
    const es = await site.page('/?lang=es');
    expect(es.status).toBe(200);
    expect(es.contentLanguage).toBe('es');
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain('<h1 id="sign-in-title">Inicie sesión en Salus AI</h1>');
    expect(es.html).toContain('elija un paciente de demostración');
    expect(es.html).toContain('action="/sign-in?lang=es"');
    expect(es.html).toContain('aria-current="page">Medicina de Precisión</a>');
    expect(es.html).not.toContain('Sign in to Salus AI');

    for (const path of ['/', '/?lang=en', '/?lang=fr']) {
      const en = await site.page(path);
      expect(en.contentLanguage).toBe('en');
      expect(en.html).toContain('<html lang="en">');
      expect(en.html).toContain('Sign in to Salus AI');
      expect(en.html).toContain('action="/sign-in"');
      expect(en.html).not.toContain('Inicie sesión');
    }
  });

  it('signed in from the Spanish page: back to it, and the Precision Medicine page all in Spanish', async () => {
    expect(await site.signIn('/sign-in?lang=es', 'carmen')).toBe('/?lang=es');
    const { html } = await site.page('/?lang=es');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<title>Medicina de Precisión — Salus AI</title>');
    expect(html).toContain('Sesión iniciada como <strong>Carmen Díaz</strong>');
    expect(html).toContain('action="/sign-out?lang=es"><button type="submit">Cerrar sesión</button>');
    expect(html).toContain('<h1>Conecte sus expedientes médicos</h1>');
    expect(html).toContain('inicie sesión como <code>carmen@sandbox.healthex.test</code> con la contraseña <code>sandbox</code>');
    for (const feature of ['Decisiones de Salud', 'Determinar Diagnóstico', 'Gestionar Mi Salud']) expect(html).toContain(`>${feature}</a>`);
    expect(html).toContain('<h2 id="personalisation-title">Orientación personalizada</h2>');
    expect(html).toContain('data-personalisation-text>Comprobando…</p>');
    expect(html).toContain('<nav class="lang-switch" aria-label="Idioma">');
    expect(html).toContain('hreflang="es" aria-current="true">Español</a>');
    expect(html).toContain('return-href="/?lang=es"');
    expect(englishOnly.length).toBeGreaterThan(5);
    for (const text of englishOnly) expect(html, `English left on the Spanish page: ${text}`).not.toContain(text);
    expect(html).not.toContain('>Health Decisions</a>'); // (the host profile names it in both languages)
  });

  it('signed in from the English page: back to it, and the page in US English', async () => {
    expect(await site.signIn('/sign-in', 'ben')).toBe('/');
    const { html, contentLanguage } = await site.page('/');
    expect(contentLanguage).toBe('en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Precision Medicine — Salus AI</title>');
    expect(html).toContain('Signed in as <strong>Ben Okafor</strong>');
    expect(html).toContain('<h1>Connect your medical records</h1>');
    expect(html).toContain('<h2 id="personalisation-title">Personalized guidance</h2>');
    expect(html).toContain('<a href="/">Health Decisions</a>');
    expect(html).toContain('return-href="/"');
    for (const spanish of ['Conecte sus expedientes', 'Orientación personalizada', 'Decisiones de Salud</a>', 'Cerrar sesión']) expect(html).not.toContain(spanish);
  });

  it('the privacy page in either language', async () => {
    const es = await site.page('/privacy?lang=es');
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain('Política de privacidad de Salus AI (demostración)');
    expect(es.html).toContain('<a href="/?lang=es">Volver a Salus AI</a>');
    const en = await site.page('/privacy');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Salus AI Privacy Policy (demo)');
  });
});
