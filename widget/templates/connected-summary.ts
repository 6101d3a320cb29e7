import { html, nothing, type TemplateResult } from 'lit';
import { patientErrorText } from '../error-words.js';
import type { Copy } from '../locales/index.js';
import type { UpdateState } from '../connect-controller.js';
import { stepsTemplate } from './steps.js';
import { tilesTemplate } from './tiles.js';
import type { PageHandlers, PageView, View } from './view.js';

function updateMessage({ copy, host }: View, update: UpdateState): string {
  if (update === null || update === 'running') return '';
  if (update === 'failed') return patientErrorText('INTERNAL', copy.errors, host.name ?? copy.unnamedHost);
  return update.outcome === 'started' ? copy.summary.updateStarted : copy.summary.rateLimited(update.retryAfterSeconds);
}

function date(copy: Copy, iso: string | null): string | null {
  const d = iso ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? copy.longDate(d) : null;
}

/**
 * Connected: a compact summary instead of the onboarding — what is shared and from where, when it was
 * last updated, "Get latest records", the tiles, "Manage sharing at HealthEx"; the four steps stay
 * one click away under "How this works". The counts and the sharing answer arrive on their own.
 */
export function connectedSummaryTemplate(view: PageView, on: PageHandlers): TemplateResult {
  const { copy, sharing, update } = view;
  const s = copy.summary;
  const organisations = sharing?.organisations;
  const updated = date(copy, sharing?.lastUpdatedAt ?? null);
  const message = updateMessage(view, update);
  return html`<section class="panel summary" part="connected-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">${s.title}</h2>
      <div class="summary-sharing" part="sharing">
        ${organisations && organisations.length > 0
          ? html`<h3>${s.sharedFrom}</h3>
              <ul class="organisations" part="organisations">
                ${organisations.map((name) => html`<li>${name}</li>`)}
              </ul>`
          : html`<p>${s.organisationsUnknown}</p>`}
        ${updated ? html`<p>${s.lastUpdated(updated)}</p>` : nothing}
        ${sharing?.updating ? html`<p>${s.updating}</p>` : nothing}
      </div>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          part="button update-button"
          data-action="update"
          aria-disabled=${update === 'running' ? 'true' : nothing}
          @click=${on.getLatest}
        >
          ${s.getLatest}
        </button>
        <a class="button-link" part="manage-link" href=${view.links.manage} target="_blank" rel="noopener">${s.manage}</a>
      </div>
      <p class="update-message" part="update-message" role="status">${message}</p>
      ${tilesTemplate(view, on)}
    </section>
    <details class="how" part="how-it-works">
      <summary>${s.howItWorks}</summary>
      ${stepsTemplate(view, on)}
    </details>`;
}
