import { html, nothing, type TemplateResult } from 'lit';
import type { ConnectionStatus } from '../types.js';
import type { BannerCopy } from '../locales/index.js';
import { waitingTemplate } from './waiting.js';
import type { BannerView, Handlers } from './view.js';

const ICONS = { loading: '⏳', error: '⚠️', misconfigured: '⚠️', not_connected: '🔗', authorized: '🕓', connected: '✅', reauth_required: '⚠️' } as const;

/**
 * The banner's title and detail for `view.look` (after Disconnect: what happened, and when). Not
 * connected, the detail points to the steps below; without them (their file did not load) it is left out.
 */
function bannerTexts({ copy, look, disconnectedAt, pageMissing }: BannerView): { title: string; detail: string | TemplateResult } {
  if (look === 'loading') return copy.banner.loading;
  if (look === 'error') return { title: copy.banner.errorTitle, detail: '' };
  if (look === 'misconfigured') return { title: copy.banner.misconfigured, detail: '' };
  if (look === 'not_connected' && pageMissing) return { title: disconnectedAt ? copy.banner.disconnected : copy.banner.states.not_connected.title, detail: '' };
  if (look === 'not_connected' && disconnectedAt) {
    const time = new Intl.DateTimeFormat(copy.lang, { timeStyle: 'short' }).format(disconnectedAt);
    const [before, after] = copy.banner.disconnectedAt('\u0000').split('\u0000');
    return { title: copy.banner.disconnected, detail: html`${before}<time datetime=${disconnectedAt.toISOString()}>${time}</time>${after}` };
  }
  return copy.banner.states[look];
}

function connectedDetails(copy: BannerCopy, status: ConnectionStatus): TemplateResult {
  const since = status.connectedAt ?? status.authorizedAt;
  const date = since ? new Date(since) : null;
  // Not Intl: its first use in a page costs tens of milliseconds (locales/long-date-and-list.ts).
  const sinceText = date && !Number.isNaN(date.getTime()) ? copy.banner.connectedSince(copy.longDate(date)) : '';
  const scopes = status.scope.map((s) => copy.scopes[s] ?? s);
  const scopeText = scopes.length > 0 ? copy.banner.connectedScope(copy.list(scopes)) : '';
  return html`${sinceText ? html`<p data-since>${sinceText}</p>` : nothing}${scopeText ? html`<p data-scope>${scopeText}</p>` : nothing}`;
}

/** The banner's main button: the next thing to do in this state (none while the popup is open). */
function nextAction(view: BannerView, on: Handlers): TemplateResult | typeof nothing {
  const { copy, status, busy } = view;
  const state = status?.state;
  if (!state || (view.waiting && state !== 'connected' && state !== 'authorized')) return nothing;
  const [action, label, click] =
    state === 'connected'
      ? (['disconnect', copy.banner.disconnect, on.disconnect] as const)
      : state === 'authorized'
        ? (['confirm', copy.actions.confirm, on.confirm] as const)
        : (['authorize', state === 'reauth_required' ? copy.actions.reauthorize : copy.actions.authorize, () => on.authorize('banner')] as const);
  return html`<button
    type="button"
    class=${action === 'disconnect' ? 'quiet-danger' : ''}
    part="button banner-action ${action}-button"
    data-action=${action}
    aria-haspopup=${action === 'disconnect' ? 'dialog' : nothing}
    aria-disabled=${busy ? 'true' : nothing}
    aria-busy=${busy === action ? 'true' : nothing}
    @click=${click}
  >
    ${label}
  </button>`;
}

export function bannerTemplate(view: BannerView, on: Handlers): TemplateResult {
  const { copy, look, status, busy } = view;
  const texts = bannerTexts(view);
  const next = look === 'misconfigured' ? nothing : nextAction(view, on);
  const retry = view.canRetry
    ? html`<button type="button" class="secondary" part="button retry-button" data-action="retry" aria-disabled=${busy ? 'true' : nothing} @click=${on.retry}>${copy.banner.retry}</button>`
    : nothing;
  const busyText = busy && busy !== 'authorize' ? copy.banner.busy[busy] : '';
  return html`
    <section class="banner" part="banner" data-look=${look} aria-labelledby="banner-title">
      <div class="banner-text" role="status" aria-live="polite" aria-atomic="true">
        <p class="banner-title" part="banner-title" id="banner-title" tabindex="-1"><span class="banner-icon" aria-hidden="true">${ICONS[look]}</span>${texts.title}</p>
        ${texts.detail ? html`<p>${texts.detail}</p>` : nothing} ${status?.state === 'connected' ? connectedDetails(copy, status) : nothing}
        ${busyText ? html`<p class="banner-notice">${busyText}</p>` : nothing}
        ${view.notice ? html`<p class="banner-notice">${copy.notices[view.notice]}</p>` : nothing}
        ${view.problem ? html`<p class="banner-problem">${view.problem}</p>` : nothing}
        ${view.support ? html`<p><a href=${view.support} target="_blank" rel="noopener">${copy.banner.support}</a></p>` : nothing}
      </div>
      ${next !== nothing || retry !== nothing ? html`<div class="banner-actions actions" part="banner-actions">${next}${retry}</div>` : nothing}
      ${view.waiting && view.waiting !== 'step' ? waitingTemplate(view, on) : nothing}
    </section>
  `;
}
