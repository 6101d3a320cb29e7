import { html, nothing, type TemplateResult } from 'lit';
import { activityTemplate } from './templates/activity.js';
import { connectedSummaryTemplate } from './templates/connected-summary.js';
import { privacyTemplate, stepsTemplate } from './templates/steps.js';
import { tilesTemplate } from './templates/tiles.js';
import { pageLinks } from './templates/page-links.js';
import type { PageHandlers, PageView, View } from './templates/view.js';

/**
 * The regions below the banner — the record tiles or the connected summary, the steps, the privacy
 * panel, the access log and the return link —, their English, and the reads behind them
 * (records-loader.ts). This module is loaded after the widget's first file (render-order.ts fetches
 * it once the banner has the first answer and renders it once that banner is painted): none of
 * it is needed to show the patient where they stand and what to do next, so none of it is compiled
 * or run before that.
 */
export { enPage } from './locales/en-page.js';
export { belowFoldStyles } from './below-fold.styles.js';
export { loadExtras } from './records-loader.js';
export { pageHandlers } from './page-handlers.js';

export function belowFoldTemplate(banner: View, on: PageHandlers): TemplateResult {
  const view: PageView = { ...banner, links: pageLinks(banner) };
  const connected = view.status?.state === 'connected' && view.look !== 'misconfigured';
  return html`${connected ? connectedSummaryTemplate(view, on) : html`${tilesTemplate(view, on)}${stepsTemplate(view, on)}`} ${privacyTemplate(view)}
  ${activityTemplate(view, on)}
  ${view.links.back ? html`<a class="return-link" part="return-link" href=${view.links.back}><span aria-hidden="true">←</span> ${view.copy.returnLink}</a>` : nothing}`;
}
