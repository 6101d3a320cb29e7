import type { Middleware, ParameterizedContext } from 'koa';
import { errors, type Provider } from 'oidc-provider';

import { FormError, readForm } from './read-form.js';
import { SUPPORTED_SCOPES, TEST_PROVIDERS, authenticatePatient, findPatientById } from './test-data.js';
import { STYLESHEET, STYLESHEET_PATH, consentPage, errorPage, loginPage, providersPage } from './views.js';

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

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|providers|consent))?$/;

export function interactionRoutes(provider: Provider, choices: ProviderChoices, pendingTtlSeconds: number): Middleware {
  // Steps already done per interaction uid. Memory is fine: the sandbox is one process.
  const pending = new Map<string, Pending>();

  const prune = () => {
    const oldest = Date.now() - pendingTtlSeconds * 1000;
    for (const [uid, entry] of pending) if (entry.startedAt < oldest) pending.delete(uid);
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

      if (step === 'login') {
        const form = await readForm(ctx);
        const username = form.get('username') ?? '';
        const found = authenticatePatient(username, form.get('password') ?? '');
        if (!found) {
          ctx.body = loginPage({ action: `${base}/login`, clientName, username, error: 'That email and password do not match a test patient. Try again.' });
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
          ctx.body = providersPage({ action: `${base}/providers`, patientName: patient.name, error: 'Choose at least one provider.' });
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
        ctx.body = loginPage({ action: `${base}/login`, clientName });
      } else if (!state.providers) {
        const selected = choices.byAccount.get(patient.id);
        ctx.body = providersPage({ action: `${base}/providers`, patientName: patient.name, ...(selected ? { selected } : {}) });
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
        ctx.body = errorPage('Something went wrong', error.message);
      } else if (error instanceof errors.OIDCProviderError) {
        // Typically an expired interaction or a missing interaction cookie.
        ctx.status = error.statusCode;
        ctx.body = errorPage('This sign-in has expired', 'Go back to the app and start connecting again.');
      } else {
        throw error;
      }
    }
  };
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
