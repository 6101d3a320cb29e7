/// <reference types="mocha" />
/**
 * Phones: at 320, 375 and 414 px nothing in any rendered state reaches past the widget's edge or
 * makes the page scroll sideways, and at 375 px the tiles are one column of compact rows (icon, name
 * and count on one line where it fits). In Chromium (Playwright) and Firefox (puppeteer) the test
 * sizes the real window (`setViewport`), with the widget at the page's full width, as on a phone.
 * WebKit's WebDriver launcher has no viewport command (and one window serves every test page), so
 * there the widget is given the phone's width instead: its layout follows its own width (a container
 * query on its root), so that is the same layout, only the page's own sideways scroll goes unchecked.
 */
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import type { HealthexConnect } from './healthex-connect.js';
import { cleanup, expectAccessible } from './testing/helpers.js';
import { PARTNER_PROFILE, SALUS_PROFILE } from './testing/host-profiles.js';
import { RENDERED_STATES, mountState, releaseHolds } from './testing/rendered-states.js';

const WIDTHS = [320, 375, 414];

/** A window of `width` where the launcher can size one; false where it cannot (WebKit's WebDriver). */
async function windowOf(width: number): Promise<boolean> {
  try {
    await setViewport({ width, height: 800 });
    return true;
  } catch (error) {
    if (/not supported for browser type/.test(String(error))) return false;
    throw error;
  }
}

/** A phone's window (else the widget at a phone's width), then the layout that follows it. */
async function atWidth(el: HealthexConnect, width: number): Promise<HealthexConnect> {
  el.style.display = 'block';
  el.style.width = (await windowOf(width)) ? '' : `${width}px`;
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return el;
}

/**
 * Elements of the widget (shadow DOM included) whose box reaches past its right edge; inside the
 * open dialog (the top layer, placed by the window), past the dialog's own edge.
 */
function overflowing(el: HealthexConnect): string[] {
  const edge = el.getBoundingClientRect().right + 0.5;
  const found: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('*')) {
    if (node.closest('dialog:not([open])')) continue;
    const dialog = node.closest('dialog[open]');
    const limit = dialog && dialog !== node ? dialog.getBoundingClientRect().right + 0.5 : edge;
    const box = node.getBoundingClientRect();
    if (box.width > 0 && box.right > limit && dialog !== node) found.push(`${node.tagName.toLowerCase()}.${node.className || node.getAttribute('part') || ''} ends at ${Math.round(box.right)}`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 0.5) found.push(`the page scrolls sideways (${page.scrollWidth} px in a ${page.clientWidth} px window)`);
  const root = el.shadowRoot!.querySelector<HTMLElement>('.root');
  if (root && root.scrollWidth > root.clientWidth + 0.5) found.push(`the widget scrolls sideways (${root.scrollWidth} px)`);
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

  it('the connected page at 375 px is accessible (axe)', async () => {
    await expectAccessible(await atWidth(await mountState('connected', 'en', SALUS_PROFILE), 375));
  });

  const sites = { salus: SALUS_PROFILE, partner: PARTNER_PROFILE };
  for (const width of WIDTHS) {
    for (const [site, profile] of Object.entries(sites)) {
      for (const locale of ['en', 'es'] as const) {
        for (const state of RENDERED_STATES) {
          it(`nothing overflows at ${width} px: ${site}, ${state} (${locale})`, async () => {
            const el = await atWidth(await mountState(state, locale, profile), width);
            expect(overflowing(el)).to.deep.equal([]);
            expect(el.getBoundingClientRect().width, 'the widget fits the phone').to.be.at.most(width);
          });
        }
      }
    }
  }

  it('at 375 px the tiles are one column of compact rows, and the connected page is about two screens', async () => {
    const el = await atWidth(await mountState('connected', 'en', SALUS_PROFILE), 375);
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
