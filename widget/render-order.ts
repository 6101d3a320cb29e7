import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { BelowFoldModule } from './below-fold-load.js';
import { belowFoldFile } from './below-fold-file.js';

/**
 * How long the element's first render waits for the first status answer. Within it, the banner's
 * first render is the answer (nothing flashes "Checking your connection…" for a few milliseconds);
 * beyond it, the loading state shows. 100 ms is about the longest a wait still reads as instant.
 */
export const ANSWER_HOLD_MS = 100;

/**
 * The banner first, the rest of the page after it. Until the first status answer is in the banner
 * (or the configuration problem is), the element renders only the banner and an empty box that
 * holds the rest's place; once the banner showing that answer has been painted, the rest (record
 * tiles or summary, steps, privacy panel, activity) renders. In a fresh page the rest's first style
 * and layout took longer than the status request itself, and the answer waited behind it
 * (bench/NOTES.md); now it waits behind the banner alone. The rest's code and English are a file of
 * their own (below-fold.ts), fetched as the element connects, while the status request travels, so
 * the first file holds only what the banner needs.
 *
 * Nothing here announces anything: the banner's live region is rendered from the first frame (with
 * the answer in it when the answer came within ANSWER_HOLD_MS, read like the rest of a loaded page;
 * otherwise with the loading text, and the answer is announced by the text changing), and the
 * regions rendered later are not live (their text is read when the user reaches it, as on any page
 * load).
 */
export class BelowFold implements ReactiveController {
  #shown = false;
  #module: BelowFoldModule | null = null;
  #file: Promise<BelowFoldModule | null> | null = null;
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

  hostConnected(): void {
    this.#file ??= belowFoldFile();
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
    const file = (this.#file ??= belowFoldFile());
    this.#scheduled ??= Promise.all([file, afterNextPaint()]).then(async ([module]) => {
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

/** The place the regions below the banner take, held until they render (no layout shift). */
export const belowFoldStyles = css`
  .below-fold-placeholder {
    min-height: var(--_below-fold-height, 40rem);
  }
`;
