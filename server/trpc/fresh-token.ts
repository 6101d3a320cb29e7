/**
 * State-changing calls (begin, confirm, disconnect, records.update) need a connect token the host
 * minted moments ago. A connect token lives minutes and the widget may hold one that long; a user who
 * signed out in another tab (or left a shared computer) must not be able to start a connection, or
 * change one, with what the page still holds. The widget asks the host's `tokenProvider` right
 * before each such call, and the host mints only for a signed-in user (README, SECURITY.md), so a
 * recent `iat` means "the host vouched for this user just now". Reads may use an older token.
 */
import { ConnectError } from '../errors.js';
import { middleware } from './init.js';

/** The clock may be a little ahead at the host: the same tolerance the token's own checks allow. */
const CLOCK_TOLERANCE_SECONDS = 5;

export const requireFreshToken = middleware(async ({ ctx, next }) => {
  const { auth, services } = ctx;
  if (auth.ok && Date.now() / 1000 - auth.issuedAt > services.freshTokenSeconds + CLOCK_TOLERANCE_SECONDS) {
    await services.audit.record({ action: 'request.denied', outcome: 'denied', user: auth.user, reason: 'connect_token_not_fresh', requestId: ctx.requestId });
    throw new ConnectError('SIGNED_OUT', `This action needs a connect token minted in the last ${services.freshTokenSeconds} seconds: ask the host page for a fresh one (is the user still signed in?).`);
  }
  return next();
});
