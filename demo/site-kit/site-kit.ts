/**
 * What the two demo sites (Salus and the partner) share: their demo users, a signed sign-in cookie
 * (a demo user picker stands in for a real login), the home page and favicon routes, HTML escaping,
 * security headers, and a server that listens before its app exists (the connect service must know
 * the site's origin first).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import type { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import compress from 'koa-compress';
import { pageLang, type PageLang } from './page-language.js';

/** The people of the demo: each site knows them under its own user id (the connect token's `sub`). */
export interface DemoUser {
  /** Short key used in forms. */
  key: string;
  name: string;
  /** The HealthEx sandbox account the person would log in with. */
  healthexLogin: string;
}

export const DEMO_PEOPLE: readonly DemoUser[] = Object.freeze([
  { key: 'ava', name: 'Ava Thompson', healthexLogin: 'ava@sandbox.healthex.test' },
  { key: 'ben', name: 'Ben Okafor', healthexLogin: 'ben@sandbox.healthex.test' },
  { key: 'carmen', name: 'Carmen Díaz', healthexLogin: 'carmen@sandbox.healthex.test' },
]);

export function findDemoUser(key: unknown): DemoUser | undefined {
  return DEMO_PEOPLE.find((user) => user.key === key);
}

export { escapeHtml } from '../../server/http/escape-html.js';

/**
 * The demo sign-in: a signed, HttpOnly, SameSite=Lax cookie holding the demo user's key. Each site
 * uses its own cookie name and signing keys (fresh per start, so a restart signs everyone out).
 */
export type DemoSession = ReturnType<typeof demoSession>;

export function demoSession(cookieName: string) {
  const keys = [randomBytes(32).toString('base64url')];
  return {
    keys,
    current(ctx: Context): DemoUser | undefined {
      return findDemoUser(ctx.cookies.get(cookieName, { signed: true }));
    },
    /** The signed-in user, or a 401. */
    required(ctx: Context): DemoUser {
      const user = findDemoUser(ctx.cookies.get(cookieName, { signed: true }));
      if (!user) throw httpError(401, 'sign in first');
      return user;
    },
    signIn(ctx: Context, user: DemoUser): void {
      ctx.cookies.set(cookieName, user.key, { signed: true, httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
    },
    signOut(ctx: Context): void {
      ctx.cookies.set(cookieName, null, { signed: true, httpOnly: true, sameSite: 'lax', path: '/', overwrite: true });
    },
  };
}

export function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, expose: true });
}

const parseForm = bodyParser({ enableTypes: ['form'], formLimit: 4096, encoding: 'utf-8', onError: bodyError });
// CSP reports come as application/csp-report or application/reports+json: read any type as text.
const parseReport = bodyParser({ enableTypes: ['text'], extendTypes: { text: ['*/*'] }, textLimit: 64 * 1024, encoding: 'utf-8', onError: bodyError });

function bodyError(error: Error): never {
  const status = (error as { status?: unknown }).status;
  throw status === 413 ? httpError(413, 'request body too large') : httpError(400, 'request body could not be read');
}

/** A small urlencoded form body (the sign-in forms), at most 4 KB, read by @koa/bodyparser. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw httpError(415, 'expected a form');
  await parseForm(ctx, async () => {});
  return new URLSearchParams(ctx.request.rawBody ?? '');
}

/** A CSP report's body as text, at most 64 KB. */
export async function readReport(ctx: Context): Promise<string> {
  await parseReport(ctx, async () => {});
  return ctx.request.rawBody ?? '';
}

/**
 * State-changing requests (sign-in, token minting) must come from the site's own pages: the
 * browser's Origin header names the page that sent them.
 */
export function sameOriginOnly(origin: string): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD' && ctx.get('Origin') !== origin) throw httpError(403, 'cross-origin request refused');
    await next();
  };
}

/** Headers for every response of a demo site; pages add their Content-Security-Policy. */
export function siteHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    ctx.set('X-Frame-Options', 'DENY');
    await next();
  };
}

/**
 * Brotli or gzip by Accept-Encoding for pages, scripts and JSON over 1 KB (koa-compress), with
 * `Vary: Accept-Encoding`: what Lighthouse's text-compression audit asks of every site.
 */
export function siteCompression(): Middleware {
  return compress({ threshold: 1024 });
}

/** A plain-text error page instead of Koa's defaults, without details. */
export function plainErrors(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      ctx.status = status;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = status >= 500 ? 'Something went wrong.' : (error as Error).message;
      if (status >= 500) console.error('[demo site]', error);
    }
  };
}

/** An SVG favicon, so browsers do not log a 404 for it. */
export function faviconSvg(color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="${color}"/><path d="M9 16h14M16 9v14" stroke="#fff" stroke-width="4" stroke-linecap="round"/></svg>`;
}

export interface HomePageOptions {
  session: DemoSession;
  /** The page's Content-Security-Policy. */
  csp: string;
  signedIn(user: DemoUser, lang: PageLang): string;
  signedOut(lang: PageLang): string;
  faviconColor: string;
}

/**
 * `/`: the signed-in user's page or the sign-in form in the language of `?lang=`, under the site's
 * CSP and never cached; and the favicon.
 */
export function addHomePage(router: Router, options: HomePageOptions): void {
  router.get('/', (ctx) => {
    const user = options.session.current(ctx);
    const lang = pageLang(ctx.query['lang']);
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', options.csp);
    ctx.set('Content-Language', lang);
    ctx.body = user ? options.signedIn(user, lang) : options.signedOut(lang);
  });
  const favicon = faviconSvg(options.faviconColor);
  router.get(['/favicon.svg', '/favicon.ico'], (ctx) => {
    ctx.type = 'image/svg+xml';
    ctx.body = favicon;
  });
}

export interface ListeningSite {
  server: Server;
  port: number;
  /** Attaches the request handler once the app exists. */
  serve(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

/** Listens right away (port 0 picks a free one) so the site's origin is known before its app is built. */
export async function listenFirst(port: number, host: string): Promise<ListeningSite> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('starting');
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    serve(next) {
      handler = next;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
