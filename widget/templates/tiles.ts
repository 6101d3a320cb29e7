import { html, nothing, type TemplateResult } from 'lit';
import { CATEGORY_EMOJI, CATEGORY_IDS } from '../locales/en-page.js';
import type { Copy } from '../locales/index.js';
import type { RecordCategorySummary } from '../types.js';
import type { PageHandlers, View } from './view.js';

function tileText(copy: Copy, tile: RecordCategorySummary | undefined): string {
  if (!tile) return '';
  if (tile.kind === 'counted') return tile.active === undefined ? copy.count(tile.count, tile.more, tile.windowYears) : `${copy.count(tile.count, tile.more, tile.windowYears)} · ${copy.countActive(tile.active)}`;
  return tile.kind === 'unavailable' ? copy.countUnavailable : copy.countIncluded;
}

/**
 * The nine categories. When connected each tile has a line under its name — the count (naming the
 * window only when it is narrower than the whole history), "not available", or "included" — empty while loading, so nothing moves when the answer arrives.
 */
export function tilesTemplate({ copy, summary }: View, on: PageHandlers): TemplateResult {
  const data = typeof summary === 'object' ? summary : null;
  return html`<ul class="categories" part="categories" aria-label=${copy.categoriesLabel} aria-busy=${summary === 'loading' ? 'true' : nothing} tabindex="-1">
      ${copy.categories.map((label, i) => {
        const tile = data?.categories.find((c) => c.category === CATEGORY_IDS[i]);
        return html`<li class="category" part="category">
          <span aria-hidden="true">${CATEGORY_EMOJI[i]}</span>${label}
          ${summary ? html`<span class="count" part="category-count">${data ? tileText(copy, tile) : ''}</span>` : nothing}
        </li>`;
      })}
    </ul>
    ${summary === 'failed'
      ? html`<p class="counts-note" part="counts-note">
          ${copy.countsFailed}
          <button type="button" class="secondary" part="button" data-action="counts-retry" @click=${on.countsRetry}>${copy.banner.retry}</button>
        </p>`
      : nothing}`;
}
