import { html, nothing, type TemplateResult } from 'lit';
import type { View } from './view.js';

/** The access log: the last events, newest first, each a sentence with its date and time. */
export function activityTemplate({ copy, activity }: View): TemplateResult | typeof nothing {
  if (activity.length === 0) return nothing;
  const a = copy.activity;
  const format = new Intl.DateTimeFormat(copy.lang, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<section class="panel" part="activity" aria-labelledby="activity-title">
    <h2 id="activity-title">${a.title}</h2>
    <ol class="log" part="activity-list">
      ${activity.map((e) => {
        const at = new Date(e.at);
        // New audit features and actions appear on the server first: they get a generic phrase.
        const feature = e.feature && Object.hasOwn(a.features, e.feature) ? a.features[e.feature]! : a.unknownFeature;
        return html`<li part="activity-event">
          <span>${a.event(e.action, e.outcome === 'success', feature) ?? e.action}</span>
          <time datetime=${e.at}>${Number.isNaN(at.getTime()) ? e.at : format.format(at)}</time>
        </li>`;
      })}
    </ol>
  </section>`;
}

export function dialogTemplate({ copy }: View, on: { dialogCancel(): void; dialogConfirm(): void; dialogClose(): void }): TemplateResult {
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
