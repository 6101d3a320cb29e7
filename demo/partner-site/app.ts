/**
 * The "partner site" demo: another origin that embeds the widget with nothing but the script-tag
 * build (`<script type="module" src=… integrity=… crossorigin>`) and the element, under a strict
 * Content-Security-Policy (no 'unsafe-inline' anywhere) whose violations are reported to this site's
 * `/csp-reports`. Its own host back end signs the demo user in and mints connect tokens with the
 * partner's issuer; the widget runs in popup mode.
 */
import { readFile } from 'node:fs/promises';
import Koa from 'koa';
import { Router } from '@koa/router';
import { addHostBackendRoutes } from '../site-kit/host-backend-routes.js';
import { inLang, languageSwitch, pageLang, SITE_WORDS, type PageLang } from '../site-kit/page-language.js';
import { PARTNER_WORDS } from './partner-words.js';
import { addHomePage, demoSession, escapeHtml, httpError, plainErrors, readReport, sameOriginOnly, siteHeaders, siteCompression, DEMO_PEOPLE, type DemoUser } from '../site-kit/site-kit.js';

export const PARTNER_SUBJECT_PREFIX = 'partner-member-';

/** One CSP violation report, as the browser sent it (report-uri or Reporting API format). */
export interface CspReport {
  receivedAt: string;
  contentType: string;
  body: unknown;
}

export interface PartnerSiteOptions {
  origin: string;
  connectUrl: string;
  /** The script-tag build as the connect service publishes it (`/widget/manifest.json`). */
  widget: { path: string; integrity: string };
  issuer: string;
  secret: Uint8Array;
  /** Called for every CSP violation report (the demo prints them; the tests assert there are none). */
  onCspReport?: (report: CspReport) => void;
}

const PUBLIC = {
  'partner.js': { type: 'text/javascript; charset=utf-8', body: readFile(new URL('./public/partner.js', import.meta.url), 'utf8') },
  'partner.css': { type: 'text/css; charset=utf-8', body: readFile(new URL('./public/partner.css', import.meta.url), 'utf8') },
};

export function partnerSubject(user: DemoUser): string {
  return `${PARTNER_SUBJECT_PREFIX}${user.key}`;
}

/**
 * The strict policy: scripts only from this site and the connect service (the widget file, checked
 * by its SRI hash too), styles only from this site (Lit's constructed stylesheets are not inline
 * styles), API calls only to this site and the connect service. No 'unsafe-inline', no eval.
 */
export function partnerCsp(connectUrl: string): string {
  const connect = new URL(connectUrl).origin;
  return [
    "default-src 'none'",
    `script-src 'self' ${connect}`,
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${connect}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    // report-uri rather than report-to: Chromium sends these at once, and ignores report-uri when
    // report-to is present (the Reporting API batches reports for up to a minute).
    'report-uri /csp-reports',
  ].join('; ');
}

function layout(lang: PageLang, title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${PARTNER_WORDS[lang].titleSuffix}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/partner.css">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

function signInPage(lang: PageLang): string {
  const words = PARTNER_WORDS[lang];
  const choices = DEMO_PEOPLE.map(
    (person) => `<li><button type="submit" name="user" value="${escapeHtml(person.key)}">${escapeHtml(person.name)}</button></li>`,
  ).join('\n');
  return layout(
    lang,
    words.signInTitle,
    '',
    `<header><span class="name">Northwind Wellness</span></header>
<main class="members">
${languageSwitch(lang)}
<h1>${words.signInHeading}</h1>
<p>${words.signInNote}</p>
<form method="post" action="${inLang('/sign-in', lang)}">
<ul>
${choices}
</ul>
</form>
</main>`,
  );
}

/**
 * What Northwind states about itself to the widget — its own facts only: no tier, no BAA, no
 * statement of purpose, so the widget makes none of those claims on this page.
 */
export const PARTNER_HOST_PROFILE = {
  name: 'Northwind Wellness',
  features: [{ name: { en: 'Care Plans', es: 'Planes de Cuidado' } }],
  privacyHref: '/privacy',
  supportHref: 'mailto:help@northwind.example',
};

function privacyPage(lang: PageLang): string {
  const words = PARTNER_WORDS[lang];
  return layout(
    lang,
    words.privacyTitle,
    '',
    `<header><span class="name">Northwind Wellness</span></header>
<main class="members">
<h1>${words.privacyHeading}</h1>
<p>${words.privacyText}</p>
<p><a href="${inLang('/', lang)}">${words.backHome}</a></p>
</main>`,
  );
}

function widgetPage(lang: PageLang, user: DemoUser, options: PartnerSiteOptions): string {
  const words = PARTNER_WORDS[lang];
  const src = new URL(options.widget.path, options.connectUrl).href;
  return layout(
    lang,
    words.recordsTitle,
    `<script type="module" src="${escapeHtml(src)}" integrity="${escapeHtml(options.widget.integrity)}" crossorigin="anonymous"></script>
<script type="module" src="/partner.js"></script>`,
    `<header><span class="name">Northwind Wellness</span>
<form method="post" action="${inLang('/sign-out', lang)}"><span>${words.member} <strong>${escapeHtml(user.name)}</strong></span><button type="submit">${SITE_WORDS[lang].signOut}</button></form></header>
<main>
${languageSwitch(lang)}
<h1>${words.recordsHeading}</h1>
<p>${SITE_WORDS[lang].sandboxLogin(user.healthexLogin)}</p>
<healthex-connect api-base="${escapeHtml(options.connectUrl)}" mode="popup" return-href="${inLang('/', lang)}" host-profile="${escapeHtml(JSON.stringify(PARTNER_HOST_PROFILE))}"></healthex-connect>
</main>`,
  );
}

export function createPartnerSite(options: PartnerSiteOptions): Koa {
  const session = demoSession('partner_demo_member');
  const app = new Koa();
  app.keys = session.keys;
  app.silent = true;
  const router = new Router();
  addHomePage(router, { session, csp: partnerCsp(options.connectUrl), signedIn: (user, lang) => widgetPage(lang, user, options), signedOut: signInPage, faviconColor: '#5b2a86' });
  addHostBackendRoutes(router, { session, issuer: options.issuer, secret: options.secret, subjectOf: partnerSubject });
  router.get('/privacy', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', partnerCsp(options.connectUrl));
    ctx.set('Content-Language', pageLang(ctx.query['lang']));
    ctx.body = privacyPage(pageLang(ctx.query['lang']));
  });

  for (const [name, file] of Object.entries(PUBLIC)) {
    router.get(`/${name}`, async (ctx) => {
      ctx.type = file.type;
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await file.body;
    });
  }

  app.use(plainErrors());
  app.use(siteHeaders());
  app.use(siteCompression());
  // Browsers send CSP reports without an Origin header sometimes; they change nothing, so they are
  // accepted before the same-origin check.
  app.use(async (ctx, next) => {
    if (ctx.path !== '/csp-reports') return next();
    if (ctx.method !== 'POST') throw httpError(405, 'POST only');
    const text = await readReport(ctx);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    options.onCspReport?.({ receivedAt: new Date().toISOString(), contentType: ctx.get('Content-Type'), body });
    ctx.status = 204;
  });
  app.use(sameOriginOnly(options.origin));
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
