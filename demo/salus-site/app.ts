/**
 * The "Salus AI — Precision Medicine" demo site: a page that embeds `<healthex-connect>` from the
 * widget's npm entry (bundled page script), and Salus's small host back end:
 * - a demo sign-in (user picker) kept in a signed cookie;
 * - `POST /api/connect-token` mints a connect token for the signed-in user (demo/host-backend/);
 * - `GET /api/personalisation` asks the connect service's back-end API, with Salus's service
 *   credential, whether personalisation is on for that user — the panel never trusts the widget.
 */
import { readFile } from 'node:fs/promises';
import Koa from 'koa';
import { Router } from '@koa/router';
import { addHostBackendRoutes } from '../site-kit/host-backend-routes.js';
import { addHomePage, demoSession, escapeHtml, plainErrors, sameOriginOnly, siteHeaders, siteCompression, DEMO_PEOPLE, type DemoUser } from '../site-kit/site-kit.js';
import { SALUS_PAGE_SCRIPT, type SalusPageScripts } from './build-page.js';

export const SALUS_SUBJECT_PREFIX = 'salus-user-';

/** How the host back end learns whether personalisation is on: the connect service's back-end API. */
export type PersonalisationLookup = (user: { iss: string; sub: string }) => Promise<boolean>;

export interface SalusSiteOptions {
  /** This site's origin, e.g. http://localhost:4100. */
  origin: string;
  /** The connect service's base URL (the widget's api-base). */
  connectUrl: string;
  /** The connect-token issuer Salus is configured as, and its HS256 secret. */
  issuer: string;
  secret: Uint8Array;
  /** The bundled page script and its chunks, by file name (build-page.ts). */
  pageScripts: SalusPageScripts;
  isPersonalisationOn: PersonalisationLookup;
}

const STYLES = readFile(new URL('./page/salus.css', import.meta.url), 'utf8');

export function salusSubject(user: DemoUser): string {
  return `${SALUS_SUBJECT_PREFIX}${user.key}`;
}

function csp(connectUrl: string): string {
  const connect = new URL(connectUrl).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${connect}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function layout(title: string, body: string, options: { script: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Salus AI</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/salus.css">
${options.script ? `<script type="module" src="/assets/${SALUS_PAGE_SCRIPT}"></script>` : ''}
</head>
<body>
${body}
</body>
</html>
`;
}

function header(user: DemoUser | undefined): string {
  const account = user
    ? `<div class="account"><span>Signed in as <strong>${escapeHtml(user.name)}</strong></span>
<form method="post" action="/sign-out"><button type="submit">Sign out</button></form></div>`
    : '';
  return `<header class="site-header">
<a class="brand" href="/">Salus <span>AI</span></a>
<nav class="site-nav" aria-label="Salus AI">
<a href="/">Health Decisions</a><a href="/">Determine Diagnosis</a><a href="/">Manage My Health</a><a href="/" aria-current="page">Precision Medicine</a>
</nav>
${account}
</header>`;
}

function signInPage(): string {
  const choices = DEMO_PEOPLE.map(
    (person) => `<li><button type="submit" name="user" value="${escapeHtml(person.key)}">${escapeHtml(person.name)}</button></li>`,
  ).join('\n');
  return layout(
    'Sign in',
    `${header(undefined)}
<main>
<section class="sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to Salus AI</h1>
<p class="note">Demo sign-in: choose a demo patient. A real Salus login would set the same session.</p>
<form method="post" action="/sign-in">
<ul>
${choices}
</ul>
</form>
</section>
</main>`,
    { script: false },
  );
}

/**
 * What Salus states about itself to the widget: the seed page's claims (its tier, the features the
 * connection powers, its BAA with HealthEx, what it uses records for, its privacy policy, support).
 */
export const SALUS_HOST_PROFILE = {
  name: 'Salus AI',
  tier: { en: 'Precision Medicine', es: 'Medicina de Precisión' },
  features: [
    { name: { en: 'Health Decisions', es: 'Decisiones de Salud' } },
    { name: { en: 'Determine Diagnosis', es: 'Determinar Diagnóstico' } },
    { name: { en: 'Manage My Health', es: 'Gestionar Mi Salud' } },
  ],
  baaWith: 'HealthEx',
  purpose: { en: 'powering your health coach', es: 'su asesor de salud' },
  privacyHref: '/privacy',
  supportHref: 'mailto:support@salusai.example',
};

function privacyPage(): string {
  return layout(
    'Privacy Policy',
    `${header(undefined)}
<main>
<section class="sign-in" aria-labelledby="privacy-title">
<h1 id="privacy-title">Salus AI Privacy Policy (demo)</h1>
<p>This demo stands in for Salus AI's privacy policy. Salus AI reads your HealthEx records only to power your health coach, and never sells, shares, or uses them for advertising.</p>
<p><a href="/">Back to Salus AI</a></p>
</section>
</main>`,
    { script: false },
  );
}

function precisionMedicinePage(user: DemoUser, connectUrl: string): string {
  return layout(
    'Precision Medicine',
    `${header(user)}
<main>
<div class="intro">
<nav class="lang-switch" aria-label="Language / Idioma"><a href="?lang=en" lang="en" hreflang="en">English</a> · <a href="?lang=es" lang="es" hreflang="es">Español</a></nav>
<p class="tier">Precision Medicine</p>
<h1>Connect your medical records</h1>
<p>In the HealthEx sandbox, sign in as <code>${escapeHtml(user.healthexLogin)}</code> with the password <code>sandbox</code>.</p>
</div>
<healthex-connect api-base="${escapeHtml(connectUrl)}" mode="redirect" return-href="/" host-profile="${escapeHtml(JSON.stringify(SALUS_HOST_PROFILE))}"></healthex-connect>
<section class="personalisation" aria-labelledby="personalisation-title" data-personalisation="unknown">
<h2 id="personalisation-title">Personalized guidance</h2>
<p class="personalisation-status" role="status" aria-live="polite" data-personalisation-text>Checking…</p>
<p class="personalisation-source">Salus's back end asks the connect service (<code>isConnected</code>) — this panel does not rely on the widget.</p>
</section>
</main>`,
    { script: true },
  );
}

export function createSalusSite(options: SalusSiteOptions): Koa {
  const session = demoSession('salus_demo_user');
  const app = new Koa();
  app.keys = session.keys;
  app.silent = true;
  const router = new Router();
  addHomePage(router, { session, csp: csp(options.connectUrl), signedIn: (user) => precisionMedicinePage(user, options.connectUrl), signedOut: signInPage, faviconColor: '#0f766e' });
  addHostBackendRoutes(router, { session, issuer: options.issuer, secret: options.secret, subjectOf: salusSubject });
  router.get('/privacy', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', csp(options.connectUrl));
    ctx.body = privacyPage();
  });

  router.get('/api/personalisation', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const user = session.required(ctx);
    const on = await options.isPersonalisationOn({ iss: options.issuer, sub: salusSubject(user) });
    ctx.body = { personalisation: on ? 'on' : 'off' };
  });

  router.get('/assets/salus.css', async (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = await STYLES;
  });
  router.get('/assets/:script', (ctx, next) => {
    const script = options.pageScripts.get(ctx.params['script'] ?? '');
    if (script === undefined) return next();
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = script;
  });

  app.use(plainErrors());
  app.use(siteHeaders());
  app.use(siteCompression());
  app.use(sameOriginOnly(options.origin));
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
