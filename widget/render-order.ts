import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { BelowFoldModule } from './below-fold-load.js';
import { belowFoldFile } from './below-fold-file.js';

/**
 * The banner first, the rest of the page after it. Until the first status answer is in the banner
 * (or the configuration problem is), the element renders only the banner, in a root that holds the
 * widget's place (`.reserving`; empty before the answer: answer-hold.ts). Once the banner showing
 * that answer has been painted, the rest (record tiles or summary, steps, privacy panel, activity)
 * renders. In a fresh page the rest's first style and layout took longer than the status request
 * itself, and the answer waited behind it (bench/NOTES.md); now it waits behind the banner alone.
 * The rest's code and English are a file of their own (below-fold.ts), fetched once the banner has
 * its answer, so the first file holds only what the banner needs and nothing competes with the
 * status request.
 *
 * Nothing here announces anything. The banner's live region is there from the banner's first
 * render: with the answer in it when the answer came within ANSWER_HOLD_MS (read like the rest of a
 * loaded page), otherwise with the loading text, and then the answer is announced by the text
 * changing. The regions rendered later are not live (their text is read when the user reaches it,
 * as on any page load).
 */
export class BelowFold implements ReactiveController {
  #shown = false;
  #module: BelowFoldModule | null = null;
  #scheduled: Promise<void> | null = null;
  #fallback: ReturnType<typeof setTimeout> | undefined;

  /** `settled`: the banner shows what the patient is to do (not "checking"). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly settled: () => boolean,
  ) {
    host.addController(this);
  }

  /** Whether the regions below the banner render now. */
  get shown(): boolean {
    return this.#shown;
  }

  /** The regions' code, once they render; null then means their file did not load. */
  get module(): BelowFoldModule | null {
    return this.#module;
  }

  /** Resolves once the regions below the banner have rendered, if their turn is already scheduled. */
  get pending(): Promise<void> | null {
    return this.#shown ? null : this.#scheduled;
  }

  /**
   * The rest's file is not asked for here but once the banner has its answer (#schedule, and the
   * controller's record reads): fetched on connect, it went out before the status request and
   * delayed it by 4–5 ms cold (bench/NOTES.md).
   */
  hostConnected(): void {
    // A status that never comes (a token provider that hangs, a service that does not answer) must
    // not hide the page: after a second the rest renders under the "checking" banner.
    if (!this.#shown) this.#fallback ??= setTimeout(() => this.#schedule(), 1000);
  }

  hostDisconnected(): void {
    clearTimeout(this.#fallback);
    this.#fallback = undefined;
  }

  hostUpdated(): void {
    if (!this.#shown && this.settled()) this.#schedule();
  }

  #schedule(): void {
    // belowFoldFile() loads the file once per page, for every element.
    this.#scheduled ??= Promise.all([belowFoldFile(), afterNextPaint()]).then(async ([module]) => {
      clearTimeout(this.#fallback);
      this.#module = module;
      this.#shown = true;
      this.host.requestUpdate();
      await this.host.updateComplete;
    });
  }
}

/**
 * After the frame now being prepared is painted: a task queued from an animation frame callback runs
 * after that frame's paint. A hidden page paints nothing and runs no frame callbacks: a plain task.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const task = () => setTimeout(resolve, 0);
    if (document.visibilityState === 'hidden') task();
    else requestAnimationFrame(task);
  });
}

/**
 * The widget's place, held until the regions below the banner render: first empty (while the banner
 * waits for its answer), then with the banner in it, so neither the banner's arrival nor its answer
 * moves the host's content after the widget. About the banner and a phone screen of the page.
 */
export const reservingStyles = css`
  .reserving {
    min-height: 48rem;
    align-content: start;
  }
`;
