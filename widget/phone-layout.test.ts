/// <reference types="mocha" />
/**
 * Phones: at 320, 375 and 414 px nothing in any rendered state reaches past the screen's edge, and
 * at 375 px the tiles are one column of compact rows (icon, name and count on one line where it fits).
 */
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import type { HealthexConnect } from './healthex-connect.js';
import { cleanup, expectAccessible } from './testing/helpers.js';
import { SALUS_PROFILE } from './testing/host-profiles.js';
import { RENDERED_STATES, mountState, releaseHolds } from './testing/rendered-states.js';

const WIDTHS = [320, 375, 414];

/** Elements of the widget (shadow DOM included) whose box reaches past the viewport's right edge. */
function overflowing(el: HealthexConnect): string[] {
  const limit = document.documentElement.clientWidth + 0.5;
  const found: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
    if (node.closest('dialog:not([open])')) continue;
    const box = node.getBoundingClientRect();
    if (box.width > 0 && box.right > limit) found.push(`${node.tagName.toLowerCase()}.${node.className || node.getAttribute('part') || ''} ends at ${Math.round(box.right)}`);
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
  return found;
}

describe('phone layout', () => {
  before(() => {
    // The test page's own margin would hide an overflow of the widget's width.
    document.body.style.margin = '0';
  });
  afterEach(async () => {
    cleanup();
    await releaseHolds();
  });
  after(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('the connected page at 375 px is accessible (axe)', async () => {
    await setViewport({ width: 375, height: 740 });
    await expectAccessible(await mountState('connected', 'en', SALUS_PROFILE));
  });

  for (const width of WIDTHS) {
    for (const locale of ['en', 'es'] as const) {
      for (const state of RENDERED_STATES) {
        it(`nothing overflows at ${width} px: ${state} (${locale})`, async () => {
          await setViewport({ width, height: 740 });
          const el = await mountState(state, locale, SALUS_PROFILE);
          expect(overflowing(el)).to.deep.equal([]);
        });
      }
    }
  }

  it('at 375 px the tiles are one column of compact rows, and the connected page is about two screens', async () => {
    await setViewport({ width: 375, height: 740 });
    const el = await mountState('connected', 'en', SALUS_PROFILE);
    const tiles = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="category"]')];
    expect(tiles).to.have.length(9);
    const lefts = new Set(tiles.map((tile) => Math.round(tile.getBoundingClientRect().left)));
    expect([...lefts], 'one column').to.have.length(1);
    for (const tile of tiles) {
      // Name and count on one line, or the count on one more: never the four lines of a cramped tile.
      const lineHeight = parseFloat(getComputedStyle(tile).lineHeight);
      expect(tile.getBoundingClientRect().height, tile.textContent ?? '').to.be.below(lineHeight * 2 + 16);
    }
    const height = el.getBoundingClientRect().height;
    expect(height, 'the connected widget’s height').to.be.below(740 * 2.2);
  });
});
