/**
 * The Lighthouse benchmark's floor: a minimal page with a bare Lit element
 * (bench/widget-floor/bare-lit-element.js, built by the same rollup configuration as the widget),
 * served the way the demo sites serve their pages — the same site-kit headers and compression, the
 * page never cached, its module script revalidated (`no-cache`) like the demo sites' own scripts —
 * on a loopback origin of its own.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Koa from 'koa';
import { Router } from '@koa/router';
import { faviconSvg, listenFirst, plainErrors, siteCompression, siteHeaders } from '../../demo/site-kit/site-kit.js';
import { BARE_LIT_FILE } from '../widget-weight.js';

const FLOOR_CSP = ["default-src 'none'", "script-src 'self'", "img-src 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

const FLOOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare Lit element (floor)</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<script type="module" src="/${BARE_LIT_FILE}"></script>
</head>
<body>
<main>
<h1>Bare Lit element</h1>
<bare-element label="The floor: one Lit element, nothing else."></bare-element>
</main>
</body>
</html>
`;

export interface FloorSite {
  url: string;
  close(): Promise<void>;
}

/** Serves the floor page on 127.0.0.1 (port 0) with the bare Lit element from `buildDir`. */
export async function startFloorSite(buildDir: string): Promise<FloorSite> {
  const script = await readFile(join(buildDir, BARE_LIT_FILE), 'utf8');
  const favicon = faviconSvg('#334155');
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', FLOOR_CSP);
    ctx.body = FLOOR_PAGE;
  });
  router.get(`/${BARE_LIT_FILE}`, (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = script;
  });
  router.get(['/favicon.svg', '/favicon.ico'], (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.body = favicon;
  });
  const app = new Koa();
  app.silent = true;
  app.use(plainErrors()).use(siteHeaders()).use(siteCompression()).use(router.routes()).use(router.allowedMethods());
  const site = await listenFirst(0, '127.0.0.1');
  site.serve(app.callback());
  return { url: `http://127.0.0.1:${site.port}/`, close: site.close };
}
