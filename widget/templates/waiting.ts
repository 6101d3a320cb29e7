import { html, type TemplateResult } from 'lit';
import type { BannerView, Handlers } from './view.js';

/** The popup's waiting state: shown where the user clicked, with a way back to the window and out. */
export function waitingTemplate({ copy }: BannerView, on: Handlers): TemplateResult {
  const w = copy.waiting;
  return html`<div class="waiting" part="waiting" role="group" aria-labelledby="waiting-title">
    <p class="waiting-title" id="waiting-title"><span aria-hidden="true">⏳ </span>${w.title}</p>
    <div class="actions">
      <button type="button" part="button show-popup-button" data-action="show-popup" @click=${on.showPopup}>${w.show}</button>
      <button type="button" class="secondary" part="button cancel-popup-button" data-action="cancel-popup" @click=${on.cancelPopup}>${w.cancel}</button>
    </div>
  </div>`;
}
