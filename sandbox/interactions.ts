import type { Middleware, ParameterizedContext } from 'koa';
import { errors, type Provider } from 'oidc-provider';

import { FormError, readForm } from './read-form.js';
import { SUPPORTED_SCOPES, TEST_PROVIDERS, authenticatePatient, findPatientById } from './test-data.js';
import { STYLESHEET, STYLESHEET_PATH, type BackToClient, consentPage, errorPage, loginPage, providersPage } from './views.js';

/**
 * The sandbox's own login → choose providers → consent interaction, served before oidc-provider's
 * routes. All three steps run inside ONE oidc-provider interaction (same uid, so its interaction
 * cookie, which is scoped to `/interaction/<uid>`, protects every form post), and the interaction
 * finishes with both the login and the consent result at once.
 */

/** Where the patient's provider choice lives, so tokens and later record requests can use it. */
export interface ProviderChoices {
  readonly byGrant: Map<string, readonly string[]>;
  readonly byAccount: Map<string, readonly string[]>;
}

interface Pending {
  accountId?: string;
  providers?: readonly string[];
  startedAt: number;
}

/** The authorization request behind an interaction, kept after the interaction itself expires. */
interface Request {
  clientName: string;
  redirectUri: string;
  state: string | undefined;
  startedAt: number;
}

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|providers|consent|cancel))?$/;
/** How long the sandbox remembers a request for its "expired" page's way back (memory only). */
const REMEMBER_REQUESTS_MS = 24 * 60 * 60 * 1000;

export function interactionRoutes(provider: Provider, choices: ProviderChoices, pendingTtlSeconds: number): Middleware {
  // Steps already done per interaction uid. Memory is fine: the sandbox is one process.
  const pending = new Map<string, Pending>();
  const requests = new Map<string, Request>();

  const prune = () => {
    const oldest = Date.now() - pendingTtlSeconds * 1000;
    for (const [uid, entry] of pending) if (entry.startedAt < oldest) pending.delete(uid);
    for (const [uid, entry] of requests) if (entry.startedAt < Date.now() - REMEMBER_REQUESTS_MS) requests.delete(uid);
  };

  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === STYLESHEET_PATH) {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = STYLESHEET;
      return;
    }
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const step = match[2];
    if ((step === undefined && ctx.method !== 'GET') || (step !== undefined && ctx.method !== 'POST')) {
      ctx.status = 405;
      return;
    }

    setPageHeaders(ctx);
    let back: BackToClient | undefined;
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const uid = details.uid;
      let state = pending.get(uid);
      if (!state) {
        prune();
        state = { startedAt: Date.now() };
        // Only when oidc-provider asks for consent alone (a patient already signed in) do we reuse
        // the session's account; otherwise HealthEx always asks who is signing in.
        if (details.prompt.name !== 'login' && details.session?.accountId) state.accountId = details.session.accountId;
        pending.set(uid, state);
      }
      const base = `/interaction/${uid}`;
      const clientId = String(details.params['client_id']);
      const client = await provider.Client.find(clientId);
      const clientName = client?.clientName ?? clientId;
      const patient = state.accountId ? findPatientById(state.accountId) : undefined;
      const cancelAction = `${base}/cancel`;
      back = { clientName, cancelAction };
      const redirectUri = typeof details.params['redirect_uri'] === 'string' ? details.params['redirect_uri'] : client?.redirectUris?.[0];
      if (redirectUri && !requests.has(uid)) {
        const requestState = typeof details.params['state'] === 'string' ? details.params['state'] : undefined;
        requests.set(uid, { clientName, redirectUri, state: requestState, startedAt: Date.now() });
      }

      if (step === 'cancel') {
        // The patient walks away: the same answer a real authorization server gives (RFC 6749
        // §4.1.2.1), sent by oidc-provider with the request's state and iss.
        const cancelled = { error: 'access_denied', error_description: 'The patient cancelled the sign-in.' };
        const returnTo = await provider.interactionResult(ctx.req, ctx.res, cancelled, { mergeWithLastSubmission: false });
        pending.delete(uid);
        ctx.status = 303;
        ctx.redirect(returnTo);
        return;
      }

      if (step === 'login') {
        const form = await readForm(ctx);
        const username = form.get('username') ?? '';
        const found = authenticatePatient(username, form.get('password') ?? '');
        if (!found) {
          ctx.body = loginPage({ action: `${base}/login`, clientName, cancelAction, username, error: 'That email and password do not match a test patient. Try again.' });
          return;
        }
        state.accountId = found.id;
        delete state.providers;
        ctx.status = 303;
        ctx.redirect(base);
        return;
      }

      if (step === 'providers' && patient) {
        const form = await readForm(ctx);
        const known = new Set(TEST_PROVIDERS.map((p) => p.id));
        const chosen = [...new Set(form.getAll('provider'))].filter((id) => known.has(id));
        if (chosen.length === 0) {
          ctx.body = providersPage({ action: `${base}/providers`, clientName, cancelAction, patientName: patient.name, error: 'Choose at least one provider.' });
          return;
        }
        state.providers = chosen;
        ctx.status = 303;
        ctx.redirect(base);
        return;
      }

      if (step === 'consent' && patient && state.providers) {
        const form = await readForm(ctx);
        const decision = form.get('decision');
        let result: Parameters<Provider['interactionResult']>[2];
        if (decision === 'allow') {
          const grant = new provider.Grant({ accountId: patient.id, clientId });
          grant.addOIDCScope(requestedScopes(details.params).join(' '));
          const grantId = await grant.save();
          choices.byGrant.set(grantId, state.providers);
          choices.byAccount.set(patient.id, state.providers);
          result = { login: { accountId: patient.id }, consent: { grantId } };
        } else if (decision === 'deny') {
          result = { error: 'access_denied', error_description: 'The patient denied access.' };
        } else {
          throw new FormError(400, 'Choose Allow or Deny.');
        }
        const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
        pending.delete(uid);
        ctx.status = 303;
        ctx.redirect(returnTo);
        return;
      }

      if (step !== undefined) {
        // A post for a step that is not next (e.g. a stale tab): show the current step.
        ctx.status = 303;
        ctx.redirect(base);
        return;
      }

      if (!patient) {
        ctx.body = loginPage({ action: `${base}/login`, clientName, cancelAction });
      } else if (!state.providers) {
        const selected = choices.byAccount.get(patient.id);
        ctx.body = providersPage({ action: `${base}/providers`, clientName, cancelAction, patientName: patient.name, ...(selected ? { selected } : {}) });
      } else {
        const names = TEST_PROVIDERS.filter((p) => state.providers?.includes(p.id)).map((p) => p.name);
        ctx.body = consentPage({
          action: `${base}/consent`,
          clientName,
          patientName: patient.name,
          scopes: requestedScopes(details.params),
          providerNames: names,
        });
      }
    } catch (error) {
      if (error instanceof FormError) {
        ctx.status = error.status;
        ctx.body = errorPage('Something went wrong', error.message, back);
      } else if (error instanceof errors.OIDCProviderError) {
        // Typically an expired interaction or a missing interaction cookie.
        ctx.status = error.statusCode;
        ctx.body = errorPage('This sign-in has expired', 'Go back to the app and start connecting again.', expiredWayBack(requests.get(match[1] ?? ''), provider.issuer));
      } else {
        throw error;
      }
    }
  };
}

/**
 * The interaction is gone (expired, or this browser lacks its cookie), so it can no longer be
 * finished through oidc-provider. The request it came from is still known here, and the honest
 * answer to it is the one for a patient who walks away: `error=access_denied` with the original
 * `state` and `iss`, to the redirect_uri that was checked when the request started. The client then
 * decides: the connect service shows "Access not shared" with a link to the stored return URL, or,
 * when its own state has expired too, a page linking to the host's home. When even the request is
 * unknown (sandbox restarted), no client is known, and the page says so instead of guessing one.
 */
function expiredWayBack(request: Request | undefined, issuer: string): BackToClient | undefined {
  if (!request) return undefined;
  const href = new URL(request.redirectUri);
  href.searchParams.set('error', 'access_denied');
  href.searchParams.set('error_description', 'The sign-in expired before the patient finished it.');
  if (request.state !== undefined) href.searchParams.set('state', request.state);
  href.searchParams.set('iss', issuer);
  return { clientName: request.clientName, href: href.href };
}

function requestedScopes(params: Record<string, unknown>): string[] {
  const requested = typeof params['scope'] === 'string' ? params['scope'].split(' ') : [];
  return SUPPORTED_SCOPES.filter((scope) => requested.includes(scope));
}

function setPageHeaders(ctx: ParameterizedContext): void {
  // No script at all; styles only from our stylesheet; never framed (clickjacking on consent).
  ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
}
