/**
 * The partner site's pages, over real HTTP, in the language of `?lang=`: `<html lang>` and
 * Content-Language set by the server, Northwind's own words in that language (none of Salus's),
 * English by default, and the sign-in keeping the language it was shown in.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite, type DemoSiteClient } from '../../testkit/demo/demo-site-client.js';
import { createPartnerSite } from './app.js';
import { PARTNER_WORDS } from './partner-words.js';

let site: DemoSiteClient;
beforeAll(async () => {
  site = await serveDemoSite((origin) =>
    createPartnerSite({ origin, connectUrl: 'http://127.0.0.1:9', widget: { path: '/widget/healthex-connect.js', integrity: 'sha384-x' }, issuer: 'https://partner.demo', secret: randomBytes(32) }),
  );
});
afterAll(() => site.close());

/** The English page words that are not the same in Spanish: none may be left on a Spanish page. */
const spanishTexts = new Set<string>(Object.values(PARTNER_WORDS.es));
const englishOnly = Object.values(PARTNER_WORDS.en).filter((text) => !spanishTexts.has(text));

describe('the partner site in the page’s language', () => {
  it('signed out: the member sign-in in Spanish under ?lang=es, in English without it', async () => {
    const es = await site.page('/?lang=es');
    expect(es.contentLanguage).toBe('es');
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain('<h1>Acceso para miembros</h1>');
    expect(es.html).toContain('elija un miembro de demostración');
    expect(es.html).toContain('action="/sign-in?lang=es"');
    expect(es.html).not.toContain('Member sign-in');

    const en = await site.page('/');
    expect(en.contentLanguage).toBe('en');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('<h1>Member sign-in</h1>');
    expect(en.html).not.toContain('Acceso para miembros');
  });

  it('signed in from the Spanish page: back to it, and the records page all in Spanish, with no Salus words', async () => {
    expect(await site.signIn('/sign-in?lang=es', 'carmen')).toBe('/?lang=es');
    const { html } = await site.page('/?lang=es');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<title>Sus expedientes de salud — Northwind Wellness (demostración de un socio)</title>');
    expect(html).toContain('<span>Miembro: <strong>Carmen Díaz</strong></span><button type="submit">Cerrar sesión</button>');
    expect(html).toContain('<h1>Traiga sus expedientes de salud</h1>');
    expect(html).toContain('inicie sesión como <code>carmen@sandbox.healthex.test</code>');
    expect(html).toContain('<nav class="lang-switch" aria-label="Idioma">');
    expect(html).toContain('return-href="/?lang=es"');
    expect(englishOnly.length).toBeGreaterThan(5);
    for (const text of englishOnly) expect(html, `English left on the Spanish page: ${text}`).not.toContain(text);
    for (const salus of ['Salus', 'asesor de salud', 'Decisiones de Salud']) expect(html).not.toContain(salus);
  });

  it('signed in from the English page: back to it, and the records page in US English', async () => {
    expect(await site.signIn('/sign-in', 'ben')).toBe('/');
    const { html } = await site.page('/');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Your health records — Northwind Wellness (partner demo)</title>');
    expect(html).toContain('<span>Member: <strong>Ben Okafor</strong></span><button type="submit">Sign out</button>');
    expect(html).toContain('<h1>Bring your health records</h1>');
    expect(html).toContain('In the HealthEx sandbox, sign in as <code>ben@sandbox.healthex.test</code>');
    expect(html).toContain('hreflang="en" aria-current="true">English</a>');
    for (const spanish of ['Traiga sus expedientes', 'Miembro:', 'Cerrar sesión']) expect(html).not.toContain(spanish);
  });

  it('the privacy notice in either language', async () => {
    expect((await site.page('/privacy?lang=es')).html).toContain('<h1>Aviso de privacidad de Northwind Wellness (demostración)</h1>');
    expect((await site.page('/privacy')).html).toContain('<h1>Northwind Wellness privacy notice (demo)</h1>');
  });
});
