/**
 * `GET /`: what this service is, for anyone who opens its address — it has no patient pages of its
 * own — with links to the sites that use it (each configured host with a name and home page).
 */
import { Router } from '@koa/router';
import type { TrustedIssuer } from '../identity/trusted-issuers.js';
import { escapeHtml } from './escape-html.js';
import { RESULT_PAGE_CSP } from './security-headers.js';

export function renderRootPage(hosts: Iterable<TrustedIssuer>): string {
  const sites = [...hosts]
    .filter((host) => host.displayName && host.homeUrl)
    .map((host) => `<li><a href="${escapeHtml(host.homeUrl!)}">${escapeHtml(host.displayName!)}</a></li>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HealthEx connect service</title>
<link rel="stylesheet" href="/auth/healthex/result.css">
</head>
<body>
<main>
<p class="brand">HealthEx connection</p>
<h1>HealthEx connect service</h1>
<p>This service links a patient's HealthEx medical records to the sites that use it. It has no pages of its own: patients connect their records on those sites.</p>
${sites.length > 0 ? `<p>Sites that use it:</p>\n<ul>\n${sites.join('\n')}\n</ul>` : ''}
</main>
</body>
</html>
`;
}

export function rootPageRoutes(hosts: Iterable<TrustedIssuer>): Router {
  const page = renderRootPage(hosts);
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', RESULT_PAGE_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = page;
  });
  return router;
}
