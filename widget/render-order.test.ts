import { expect } from 'chai';
import type { HealthexConnect } from './healthex-connect.js';
import './define.js';
import { FakeUser, STATUSES, apiBase, cleanup, waitFor } from './testing/helpers.js';

/** The regions below the banner: the tiles or the connected summary, and the privacy panel. */
const BELOW_FOLD = '[part~="categories"], [part~="connected-summary"], [part~="privacy"]';

interface Timeline {
  /** The banner showing the answer was in the DOM, and at which frame. */
  bannerAt: number;
  /** A frame callback ran with the answered banner laid out and nothing below it yet. */
  framesWithBannerAlone: number;
  belowFoldAt: number;
  /** The host's content after the widget, its top before and after the regions below rendered. */
  footerTops: number[];
}

/** A host page: the widget for `user`, then the host's own content (a footer paragraph). */
async function hostPage(user: FakeUser): Promise<{ el: HealthexConnect; footer: HTMLElement; main: HTMLElement }> {
  const el = document.createElement('healthex-connect');
  el.setAttribute('api-base', await apiBase());
  el.setAttribute('token', user.token());
  const footer = document.createElement('p');
  footer.textContent = 'The host page continues here.';
  const main = document.createElement('main');
  main.dataset['testMount'] = '';
  main.append(el, footer);
  return { el, footer, main };
}

/**
 * The page's layout shifts (the CLS metric's entries) until `stop()`, which returns their sum.
 * Chromium reports them; Firefox and WebKit do not (0), and there the geometry checks are the whole check.
 */
function recordLayoutShifts(): { stop(): number } {
  const shifts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
  });
  if (PerformanceObserver.supportedEntryTypes?.includes('layout-shift') === true) observer.observe({ type: 'layout-shift' });
  return {
    stop: () => {
      observer.disconnect();
      return shifts.reduce((sum, value) => sum + value, 0);
    },
  };
}

/**
 * Mounts the widget for a user in `state` and watches it frame by frame (requestAnimationFrame runs
 * just before each paint), from the script's side, as a patient's page would see it.
 */
async function watchFirstRender(state: keyof typeof STATUSES): Promise<{ el: HealthexConnect; timeline: Timeline }> {
  const { el, footer, main } = await hostPage(await new FakeUser().setup({ status: STATUSES[state] }));
  const timeline: Timeline = { bannerAt: -1, framesWithBannerAlone: 0, belowFoldAt: -1, footerTops: [] };
  let frame = 0;
  let watching = true;
  const onFrame = () => {
    frame += 1;
    const root = el.shadowRoot;
    const banner = root?.querySelector<HTMLElement>('[part~="banner"]');
    const answered = banner?.dataset['look'] === state;
    const below = root?.querySelector(BELOW_FOLD);
    if (answered && timeline.bannerAt < 0) timeline.bannerAt = frame;
    if (answered && !below && banner!.getBoundingClientRect().height > 0) {
      timeline.framesWithBannerAlone += 1;
      if (timeline.footerTops.length === 0) timeline.footerTops.push(footer.getBoundingClientRect().top);
    }
    if (below && timeline.belowFoldAt < 0) {
      timeline.belowFoldAt = frame;
      timeline.footerTops.push(footer.getBoundingClientRect().top);
    }
    if (watching) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  document.body.append(main);
  try {
    await waitFor(() => timeline.belowFoldAt > 0, 'the regions below the banner');
  } finally {
    watching = false;
  }
  return { el, timeline };
}

describe('render order: the banner first, the rest after it', () => {
  afterEach(() => {
    for (const node of document.querySelectorAll('main[data-test-mount]')) node.remove();
    cleanup();
  });

  for (const state of ['connected', 'not_connected'] as const) {
    it(`${state}: the banner with the answer is painted before the regions below it render, and they do render`, async () => {
      const { el, timeline } = await watchFirstRender(state);
      expect(timeline.bannerAt, 'a frame showed the answered banner').to.be.greaterThan(0);
      expect(timeline.framesWithBannerAlone, 'frames painted with the banner alone').to.be.at.least(1);
      expect(timeline.belowFoldAt).to.be.greaterThan(timeline.bannerAt);
      const root = el.shadowRoot!;
      expect(root.querySelector('[part~="privacy"]')).to.not.equal(null);
      expect(root.querySelector(state === 'connected' ? '[part~="connected-summary"]' : '[part~="categories"]')).to.not.equal(null);
      expect(root.querySelector('.reserving'), 'the place is no longer held').to.equal(null);
      // One live region, the banner's, there from the banner's first render; nothing rendered later
      // is a live region.
      expect(root.querySelectorAll('[aria-live]').length).to.equal(1);
    });
  }

  it('no layout shift while the rest arrives: the host content after the widget does not move into or out of view', async () => {
    const shifts = recordLayoutShifts();
    const { timeline } = await watchFirstRender('not_connected');
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    const cls = shifts.stop();
    const [before, after] = timeline.footerTops;
    // The footer was below the viewport under the reserved box and stays there (or did not move).
    const unseen = (top: number | undefined) => top !== undefined && top >= innerHeight;
    expect(before === after || (unseen(before) && unseen(after)), `footer top ${before} → ${after}, viewport ${innerHeight}`).to.equal(true);
    expect(cls, 'cumulative layout shift').to.equal(0);
  });

  it('a slow answer: from the first frame a box holds the widget’s place, so the host content after it does not jump while the banner waits', async () => {
    const shifts = recordLayoutShifts();
    const user = await new FakeUser().setup({ status: STATUSES.not_connected, hold: ['connection.status'] });
    const { el, footer, main } = await hostPage(user);
    // Each frame: the footer's top, the widget's height, and whether the regions below the banner are in.
    const frames: { footerTop: number; height: number; below: boolean }[] = [];
    let watching = true;
    const onFrame = () => {
      const below = el.shadowRoot?.querySelector(BELOW_FOLD) != null;
      frames.push({ footerTop: footer.getBoundingClientRect().top, height: el.getBoundingClientRect().height, below });
      if (watching) requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    document.body.append(main);
    const look = () => el.shadowRoot?.querySelector<HTMLElement>('[part~="banner"]')?.dataset['look'];
    try {
      await waitFor(() => look() === 'loading', 'the loading state');
      await user.update({ hold: [] });
      await waitFor(() => el.shadowRoot!.querySelector(BELOW_FOLD) !== null, 'the regions below the banner');
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    } finally {
      watching = false;
      await user.update({ hold: [] });
    }
    const cls = shifts.stop();
    const first = frames[0]!;
    const waiting = frames.filter((frame) => !frame.below);
    // The first painted frame already holds the widget's place (not an empty element), and until the
    // regions below the banner arrive (empty, loading, answered) nothing after the widget moves.
    expect(first.height, 'the widget’s height in the first frame').to.be.at.least(parseFloat(getComputedStyle(document.documentElement).fontSize) * 40);
    expect(waiting.length, 'frames before the regions below the banner').to.be.at.least(2);
    expect(waiting.map((frame) => frame.footerTop), 'the footer while the banner waits').to.deep.equal(waiting.map(() => first.footerTop));
    // Then the regions arrive: the footer, out of view under the held place, stays out of view (or does not move).
    const last = frames.at(-1)!;
    expect(last.footerTop === first.footerTop || (first.footerTop >= innerHeight && last.footerTop >= innerHeight), `footer top ${first.footerTop} → ${last.footerTop}, viewport ${innerHeight}`).to.equal(true);
    expect(cls, 'cumulative layout shift').to.equal(0);
  });
});
