/**
 * The service's own pages over real HTTP, in each language: the root page and the plain-link begin's
 * "link not valid" page, for a partner's patient (two hosts configured: the page names the partner
 * from its own CONNECT_TOKEN_ISSUERS entry, never Salus).
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationRoutes } from './authorization-routes.js';
import { rootPageRoutes } from './root-page.js';

const hosts = [
  { issuer: 'https://salusai.demo', allowedOrigins: ['http://localhost:4100'], key: new Uint8Array(32), displayName: 'Salus AI', homeUrl: 'http://localhost:4100/' },
  { issuer: 'https://partner.demo', allowedOrigins: ['http://127.0.0.1:4200'], key: new Uint8Array(32), displayName: 'Northwind Wellness', homeUrl: 'http://127.0.0.1:4200/' },
];
/** These pages answer before any use case runs; one that did run would fail the test. */
const notReached = async (): Promise<never> => {
  throw new Error('the use case is not reached for these pages');
};

let base = '';
let close: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  const app = new Koa();
  const auth = authorizationRoutes({ beginFromLink: notReached, completeAuthorization: notReached, hosts });
  app.use(rootPageRoutes(hosts).routes()).use(auth.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const get = async (path: string, acceptLanguage?: string) => {
  const response = await fetch(`${base}${path}`, acceptLanguage ? { headers: { 'Accept-Language': acceptLanguage } } : {});
  return { response, html: await response.text() };
};
/** The partner's patient opens a begin link whose token is missing (a page set up wrongly). */
const badPartnerLink = `/auth/healthex?returnUrl=${encodeURIComponent('http://127.0.0.1:4200/records')}`;

describe('the service’s pages in English and Spanish', () => {
  it('root page: Spanish for a Spanish browser, English otherwise, and the answer varies by the header', async () => {
    const es = await get('/', 'es-MX,es;q=0.9,en;q=0.5');
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain('<h1>Servicio de conexión con HealthEx</h1>');
    expect(es.html).toContain('Sitios que lo usan:');
    expect(es.response.headers.get('content-language')).toBe('es');
    expect(es.response.headers.get('vary')).toContain('Accept-Language');
    const en = await get('/', 'en-GB');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('<h1>HealthEx connect service</h1>');
    expect((await get('/', 'de-DE')).html).toContain('<h1>HealthEx connect service</h1>');
    expect((await get('/?lang=es', 'en')).html).toContain('<h1>Servicio de conexión con HealthEx</h1>');
  });

  it('a broken link for a partner’s patient, in Spanish: patient words, the partner’s name, no Salus', async () => {
    const { response, html } = await get(badPartnerLink, 'es');
    expect(response.status).toBe(400);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Este enlace no es válido</h1>');
    expect(html).toContain('El enlace para conectar HealthEx está incompleto. Vuelva e inténtelo de nuevo.');
    expect(html).toContain('Northwind Wellness · Conexión con HealthEx');
    expect(html).not.toContain('Salus');
    expect(html).not.toMatch(/token|JWT|zod/i);
  });

  it('the same link in English', async () => {
    const { html } = await get(badPartnerLink, 'en-US,en;q=0.9');
    expect(html).toContain('<h1>This link is not valid</h1>');
    expect(html).toContain('Northwind Wellness · HealthEx connection');
    expect(html).not.toContain('Salus');
  });
});
