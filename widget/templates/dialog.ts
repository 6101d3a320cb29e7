import { html, type TemplateResult } from 'lit';
import type { BannerView } from './view.js';

/**
 * The disconnect confirmation the banner's Disconnect opens. It ships with the banner (not with the
 * regions below it), so Disconnect works even when those regions' file did not load.
 */
export function dialogTemplate({ copy }: BannerView, on: { dialogCancel(): void; dialogConfirm(): void; dialogClose(): void }): TemplateResult {
  return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text" @close=${on.dialogClose}>
    <div class="dialog-body">
      <h2 id="dialog-title">${copy.dialog.title}</h2>
      <p id="dialog-text">${copy.dialog.body}</p>
      <div class="dialog-actions">
        <button type="button" class="secondary" part="button" data-dialog-cancel @click=${on.dialogCancel}>${copy.dialog.cancel}</button>
        <button type="button" class="danger" part="button" data-dialog-confirm @click=${on.dialogConfirm}>${copy.dialog.confirm}</button>
      </div>
    </div>
  </dialog>`;
}
