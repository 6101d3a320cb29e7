/**
 * The host back end each demo site has: a demo sign-in and sign-out, and `POST /api/connect-token`,
 * which mints a connect token for the signed-in user and nobody else. A real host keeps its own
 * login; only the minting (demo/host-backend/mint-connect-token.ts) is what it would copy.
 */
import type { Router } from '@koa/router';
import { mintConnectToken } from '../host-backend/mint-connect-token.js';
import { inLang, pageLang } from './page-language.js';
import { findDemoUser, httpError, readForm, type demoSession, type DemoUser } from './site-kit.js';

const CONNECT_TOKEN_LIFETIME_SECONDS = 300;

export interface HostBackendOptions {
  session: ReturnType<typeof demoSession>;
  /** The `iss` this site signs with (one of the service's CONNECT_TOKEN_ISSUERS). */
  issuer: string;
  secret: Uint8Array;
  /** The site's own user id for a demo person (the connect token's `sub`). */
  subjectOf(user: DemoUser): string;
}

export function addHostBackendRoutes(router: Router, { session, issuer, secret, subjectOf }: HostBackendOptions): void {
  router.post('/sign-in', async (ctx) => {
    const user = findDemoUser((await readForm(ctx)).get('user'));
    if (!user) throw httpError(400, 'unknown demo user');
    session.signIn(ctx, user);
    ctx.status = 303;
    // Back to the page in the language it was shown in (the form's action carries ?lang=).
    ctx.redirect(inLang('/', pageLang(ctx.query['lang'])));
  });

  router.post('/sign-out', (ctx) => {
    session.signOut(ctx);
    ctx.status = 303;
    ctx.redirect(inLang('/', pageLang(ctx.query['lang'])));
  });

  router.post('/api/connect-token', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const user = session.required(ctx);
    const token = await mintConnectToken({ issuer, subject: subjectOf(user), secret, lifetimeSeconds: CONNECT_TOKEN_LIFETIME_SECONDS });
    ctx.body = { token, expiresIn: CONNECT_TOKEN_LIFETIME_SECONDS };
  });
}
