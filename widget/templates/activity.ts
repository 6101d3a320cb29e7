import { html, nothing, type TemplateResult } from 'lit';
import type { Copy } from '../locales/index.js';
import type { ActivityEvent } from '../types.js';
import type { PageHandlers, View } from './view.js';

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

function sentence(copy: Copy, e: ActivityEvent, at: Date): string {
  const a = copy.activity;
  if (e.action === 'page_reads') {
    const what = e.feature && Object.hasOwn(a.pageReads, e.feature) ? a.pageReads[e.feature]! : a.unknownFeature;
    const day = Number.isNaN(at.getTime()) || sameDay(at, new Date()) ? null : new Intl.DateTimeFormat(copy.lang, { dateStyle: 'medium' }).format(at);
    return a.pageReadsLine(what, e.times ?? 1, day);
  }
  // New audit features and actions appear on the server first: they get a generic phrase.
  const feature = e.feature && Object.hasOwn(a.features, e.feature) ? a.features[e.feature]! : a.unknownFeature;
  return a.event(e.action, e.outcome === 'success', feature) ?? e.action;
}

/**
 * The access log, newest first, each line a sentence with its date and time: the connect page's own
 * reads come as one line a day, and "Show earlier activity" asks for the next-older screen.
 */
export function activityTemplate({ copy, activity, activityEarlier }: View, on: Pick<PageHandlers, 'activityEarlier'>): TemplateResult | typeof nothing {
  if (activity.length === 0) return nothing;
  const format = new Intl.DateTimeFormat(copy.lang, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<section class="panel" part="activity" aria-labelledby="activity-title">
    <h2 id="activity-title">${copy.activity.title}</h2>
    <ol class="log" part="activity-list">
      ${activity.map((e) => {
        const at = new Date(e.at);
        return html`<li part="activity-event">
          <span>${sentence(copy, e, at)}</span>
          <time datetime=${e.at}>${Number.isNaN(at.getTime()) ? e.at : format.format(at)}</time>
        </li>`;
      })}
    </ol>
    ${activityEarlier === null
      ? nothing
      : html`<button type="button" class="secondary" part="button" data-action="activity-earlier" @click=${on.activityEarlier}>${copy.activity.showEarlier}</button>`}
  </section>`;
}
