import type { RecordsTarget } from './connect-state.js';
import { focusElement, focusLost } from './focus.js';
import { getLatest, loadActivity } from './records-loader.js';
import type { Handlers, PageHandlers } from './templates/view.js';

/** What the buttons below the banner act on: the connect controller's records state, and the element. */
export interface PageHost {
  records: RecordsTarget & { loadExtras(connected: boolean): Promise<void> };
  element: HTMLElement & { readonly updateComplete: Promise<boolean>; readonly renderRoot: ParentNode };
}

/**
 * The banner's handlers plus those of the buttons below it — the counts' "Try again", "Get latest
 * records", "Show earlier activity" —, which ship in the page file with those buttons.
 */
export function pageHandlers(on: Handlers, { records, element }: PageHost): PageHandlers {
  return {
    ...on,
    countsRetry: async () => {
      await records.loadExtras(true);
      await element.updateComplete;
      // The note (and the focused button) is gone: focus the tiles.
      if (focusLost(element)) focusElement(element.renderRoot.querySelector<HTMLElement>('.categories'));
    },
    getLatest: () => void getLatest(records),
    activityEarlier: () => void loadActivity(records, true),
  };
}
