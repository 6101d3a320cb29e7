import { html, nothing, type TemplateResult } from 'lit';
import { PRIVACY_EMOJI, STEP_NOTE_EMOJI } from '../locales/en.js';
import { waitingTemplate } from './waiting.js';
import type { Handlers, View } from './view.js';

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

/** The seed's four steps, with their links (account creation, HealthEx, the host's privacy policy). */
export function stepsTemplate(view: View, on: Handlers): TemplateResult {
  const { copy, links } = view;
  const stepLinks = [links.account, links.manage];
  return html`<section aria-labelledby="steps-title">
    <h2 class="visually-hidden" id="steps-title">${copy.stepsLabel}</h2>
    <ol class="steps" part="steps">
      ${copy.steps.map(
        (step, index) => html`<li class="step" part="step" data-step=${index + 1}>
          <span class="step-number" part="step-number" aria-hidden="true">${index + 1}</span>
          <div class="step-body">
            <p class="step-kicker"><span class="visually-hidden">${copy.stepLabel(index + 1)}: </span>${step.kicker}</p>
            <h3>${step.title}</h3>
            <p>${step.body}</p>
            ${step.link ? html`<p><a part="step-link" href=${stepLinks[index]!} target="_blank" rel="noopener">${step.link}</a></p>` : nothing}
            ${index === 2 ? stepButton(view, on, 'authorize') : index === 3 ? stepButton(view, on, 'confirm') : nothing}
            ${index === 2 && view.waiting === 'step' ? waitingTemplate(view, on) : nothing}
            <p class="step-note" part="step-note">
              <span aria-hidden="true">${STEP_NOTE_EMOJI[index]}</span>
              <span>${step.note}${step.noteLink ? html` ${links.privacy ? html`<a href=${links.privacy} target="_blank" rel="noopener">${step.noteLink}</a>` : step.noteLink}.` : nothing}</span>
            </p>
          </div>
        </li>`,
      )}
    </ol>
  </section>`;
}

export function privacyTemplate({ copy }: View): TemplateResult {
  return html`<section class="panel privacy" part="privacy" aria-labelledby="privacy-title">
    <h2 id="privacy-title"><span aria-hidden="true">🔒 </span>${copy.privacy.title}</h2>
    <ul>
      ${copy.privacy.items.map(([lead, text], i) => html`<li><span aria-hidden="true">${PRIVACY_EMOJI[i]}</span><p><strong>${lead}</strong> ${text}</p></li>`)}
    </ul>
  </section>`;
}
