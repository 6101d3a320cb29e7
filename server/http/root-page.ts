/**
 * `GET /`: what this service is, for anyone who opens its address — it has no patient pages of its
 * own — with links to the sites that use it (each configured host with a name and home page).
 */
import { Router } from '@koa/router';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import { escapeHtml } from './escape-html.js';
import { PAGE_LOCALES, pageLocale, type PageLocale } from './page-locale.js';
import { PAGE_CHROME } from './page-words.js';
import { RESULT_PAGE_CSP } from './security-headers.js';

export function renderRootPage(hosts: Iterable<TrustedIssuer>, locale: PageLocale = 'en'): string {
  const words = PAGE_CHROME[locale];
  const sites = [...hosts]
    .filter((host) => host.displayName && host.homeUrl)
    .map((host) => `<li><a href="${escapeHtml(host.homeUrl!)}">${escapeHtml(host.displayName!)}</a></li>`);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(words.root.title)}</title>
<link rel="stylesheet" href="/auth/healthex/result.css">
</head>
<body>
<main>
<p class="brand">${escapeHtml(words.brand())}</p>
<h1>${escapeHtml(words.root.title)}</h1>
<p>${escapeHtml(words.root.intro)}</p>
${sites.length > 0 ? `<p>${escapeHtml(words.root.sites)}</p>\n<ul>\n${sites.join('\n')}\n</ul>` : ''}
</main>
</body>
</html>
`;
}

export function rootPageRoutes(hosts: Iterable<TrustedIssuer>): Router {
  const listed = [...hosts];
  const pages = Object.fromEntries(PAGE_LOCALES.map((locale) => [locale, renderRootPage(listed, locale)])) as Record<PageLocale, string>;
  const router = new Router();
  router.get('/', (ctx) => {
    const locale = pageLocale({ query: ctx.query, acceptLanguage: ctx.get('Accept-Language') || undefined });
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Language', locale);
    ctx.vary('Accept-Language');
    ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = pages[locale];
  });
  return router;
}
