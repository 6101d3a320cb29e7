import { html, nothing, type TemplateResult } from 'lit';
import { PRIVACY_EMOJI, STEP_NOTE_EMOJI } from '../locales/en-page.js';
import { waitingTemplate } from './waiting.js';
import type { Handlers, PageView, View } from './view.js';

/** Step 3 (authorize) or step 4 (confirm): enabled only in the states where it applies. */
function stepButton(view: View, on: Handlers, action: 'authorize' | 'confirm'): TemplateResult {
  const state = view.status?.state;
  const authorize = action === 'authorize';
  const available = authorize ? state === 'not_connected' || state === 'reauth_required' : state === 'authorized';
  const done = state === 'connected' || (authorize && state === 'authorized');
  const a = view.copy.actions;
  const label = authorize ? (done ? a.authorized : state === 'reauth_required' ? a.reauthorize : a.authorize) : done ? a.confirmed : a.confirm;
  return html`<div>
    <button
      type="button"
      part="button ${action}-button step-button"
      data-action=${action}
      ?disabled=${!available}
      aria-disabled=${available && view.busy !== null ? 'true' : nothing}
      aria-busy=${view.busy === action ? 'true' : nothing}
      @click=${authorize ? () => on.authorize('step') : on.confirm}
    >
      ${done ? html`<span aria-hidden="true">✓ </span>` : nothing}${label}
    </button>
  </div>`;
}

/** The host's features as links (or plain names), joined as the language lists things. */
function featureList({ copy, host }: View): TemplateResult {
  const parts = copy.list(host.features.map((_, i) => `\u0000${i}\u0000`)).split(/\u0000(\d+)\u0000/);
  return html`${parts.map((part, i) => {
    if (i % 2 === 0) return part;
    const feature = host.features[Number(part)]!;
    return feature.href ? html`<a href=${feature.href}>${feature.name}</a>` : feature.name;
  })}`;
}

/** A step's text plus the host claims whose facts the host stated (none are assumed). */
function stepText(view: PageView, index: number): { body: TemplateResult; note: TemplateResult } {
  const { copy, host, links } = view;
  const step = copy.steps[index]!;
  const c = copy.claims;
  const privacy = links.privacy;
  const body =
    index === 2 && host.tier
      ? html`${step.body} ${c.tier}`
      : index === 3 && host.features.length > 0
        ? html`${step.body} ${c.featuresLead} ${featureList(view)}.`
        : html`${step.body}`;
  const note =
    index === 0 && host.baaWith
      ? html`${step.note} ${c.baa}`
      : index === 2
        ? html`${step.note}${host.purpose ? html` ${c.purpose}` : nothing}${privacy
            ? html` ${c.privacyLead} <a href=${privacy} target="_blank" rel="noopener">${step.noteLink}</a>.`
            : nothing}`
        : html`${step.note}`;
  return { body, note };
}

/** The seed's four steps, with their links (account creation, HealthEx, the host's privacy policy). */
export function stepsTemplate(view: PageView, on: Handlers): TemplateResult {
  const { copy, links } = view;
  const stepLinks = [links.account, links.manage];
  const texts = copy.steps.map((_, index) => stepText(view, index));
  return html`<section aria-labelledby="steps-title">
    <h2 class="visually-hidden" id="steps-title">${copy.stepsLabel}</h2>
    <ol class="steps" part="steps">
      ${copy.steps.map(
        (step, index) => html`<li class="step" part="step" data-step=${index + 1}>
          <span class="step-number" part="step-number" aria-hidden="true">${index + 1}</span>
          <div class="step-body">
            <p class="step-kicker"><span class="visually-hidden">${copy.stepLabel(index + 1)}: </span>${step.kicker}</p>
            <h3>${step.title}</h3>
            <p>${texts[index]!.body}</p>
            ${step.link ? html`<p><a part="step-link" href=${stepLinks[index]!} target="_blank" rel="noopener">${step.link}</a></p>` : nothing}
            ${index === 2 ? stepButton(view, on, 'authorize') : index === 3 ? stepButton(view, on, 'confirm') : nothing}
            ${index === 2 && view.waiting === 'step' ? waitingTemplate(view, on) : nothing}
            <p class="step-note" part="step-note">
              <span aria-hidden="true">${STEP_NOTE_EMOJI[index]}</span>
              <span>${texts[index]!.note}</span>
            </p>
          </div>
        </li>`,
      )}
    </ol>
  </section>`;
}

/** The privacy panel: "HIPAA-compliant" only with a BAA, "Never sold" only with a stated purpose (host claims). */
export function privacyTemplate({ copy, host }: View): TemplateResult {
  const shown = (i: number) => (i === 0 ? Boolean(host.baaWith) : i === 2 ? Boolean(host.purpose) : true);
  return html`<section class="panel privacy" part="privacy" aria-labelledby="privacy-title">
    <h2 id="privacy-title"><span aria-hidden="true">🔒 </span>${copy.privacy.title}</h2>
    <ul>
      ${copy.privacy.items.map(([lead, text], i) =>
        shown(i) ? html`<li><span aria-hidden="true">${PRIVACY_EMOJI[i]}</span><p><strong>${lead}</strong> ${text}</p></li>` : nothing,
      )}
    </ul>
  </section>`;
}
