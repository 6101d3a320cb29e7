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
import { inLang, languageSwitch, pageLang, SITE_WORDS, type PageLang } from '../site-kit/page-language.js';
import { SALUS_PAGE_SCRIPT, type SalusPageScripts } from './build-page.js';
import { PANEL_WORDS } from './page/panel-words.js';
import { SALUS_HOST_PROFILE } from './salus-profile.js';
import { SALUS_WORDS } from './salus-words.js';

export { SALUS_HOST_PROFILE } from './salus-profile.js';

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

function layout(lang: PageLang, title: string, body: string, options: { script: boolean }): string {
  return `<!doctype html>
<html lang="${lang}">
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

function header(lang: PageLang, user: DemoUser | undefined): string {
  const account = user
    ? `<div class="account"><span>${SALUS_WORDS[lang].signedInAs} <strong>${escapeHtml(user.name)}</strong></span>
<form method="post" action="${inLang('/sign-out', lang)}"><button type="submit">${SITE_WORDS[lang].signOut}</button></form></div>`
    : '';
  const home = inLang('/', lang);
  const features = SALUS_HOST_PROFILE.features.map((feature) => `<a href="${home}">${escapeHtml(feature.name[lang])}</a>`).join('');
  return `<header class="site-header">
<a class="brand" href="${home}">Salus <span>AI</span></a>
<nav class="site-nav" aria-label="Salus AI">
${features}<a href="${home}" aria-current="page">${escapeHtml(SALUS_HOST_PROFILE.tier[lang])}</a>
</nav>
${account}
</header>`;
}

function signInPage(lang: PageLang): string {
  const words = SALUS_WORDS[lang];
  const choices = DEMO_PEOPLE.map(
    (person) => `<li><button type="submit" name="user" value="${escapeHtml(person.key)}">${escapeHtml(person.name)}</button></li>`,
  ).join('\n');
  return layout(
    lang,
    words.signInTitle,
    `${header(lang, undefined)}
<main>
<section class="sign-in" aria-labelledby="sign-in-title">
${languageSwitch(lang)}
<h1 id="sign-in-title">${words.signInHeading}</h1>
<p class="note">${words.signInNote}</p>
<form method="post" action="${inLang('/sign-in', lang)}">
<ul>
${choices}
</ul>
</form>
</section>
</main>`,
    { script: false },
  );
}

function privacyPage(lang: PageLang): string {
  const words = SALUS_WORDS[lang];
  return layout(
    lang,
    words.privacyTitle,
    `${header(lang, undefined)}
<main>
<section class="sign-in" aria-labelledby="privacy-title">
<h1 id="privacy-title">${words.privacyHeading}</h1>
<p>${words.privacyText}</p>
<p><a href="${inLang('/', lang)}">${words.backHome}</a></p>
</section>
</main>`,
    { script: false },
  );
}

function precisionMedicinePage(lang: PageLang, user: DemoUser, connectUrl: string): string {
  const tier = SALUS_HOST_PROFILE.tier[lang];
  const panel = PANEL_WORDS[lang];
  return layout(
    lang,
    tier,
    `${header(lang, user)}
<main>
<div class="intro">
${languageSwitch(lang)}
<p class="tier">${escapeHtml(tier)}</p>
<h1>${SALUS_WORDS[lang].connectHeading}</h1>
<p>${SITE_WORDS[lang].sandboxLogin(user.healthexLogin)}</p>
</div>
<healthex-connect api-base="${escapeHtml(connectUrl)}" mode="redirect" return-href="${inLang('/', lang)}" host-profile="${escapeHtml(JSON.stringify(SALUS_HOST_PROFILE))}"></healthex-connect>
<section class="personalisation" aria-labelledby="personalisation-title" data-personalisation="unknown">
<h2 id="personalisation-title">${panel.title}</h2>
<p class="personalisation-status" role="status" aria-live="polite" data-personalisation-text>${panel.checking}</p>
<p class="personalisation-source">${panel.source}</p>
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
  addHomePage(router, { session, csp: csp(options.connectUrl), signedIn: (user, lang) => precisionMedicinePage(lang, user, options.connectUrl), signedOut: signInPage, faviconColor: '#0f766e' });
  addHostBackendRoutes(router, { session, issuer: options.issuer, secret: options.secret, subjectOf: salusSubject });
  router.get('/privacy', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', csp(options.connectUrl));
    ctx.set('Content-Language', pageLang(ctx.query['lang']));
    ctx.body = privacyPage(pageLang(ctx.query['lang']));
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
