import type { Locale } from './locales/index.js';
import { localeReady } from './locales/load.js';

/**
 * How long the element's first render waits for the first status answer. Within it, the banner's
 * first render is the answer (nothing flashes "Checking your connection…" for a few milliseconds);
 * beyond it, the loading state shows. 100 ms is about the longest a wait still reads as instant.
 */
export const ANSWER_HOLD_MS = 100;

/**
 * Until the widget first shows itself, its renders are the root alone, holding its place
 * (`.reserving`): while the first status read is out (ANSWER_HOLD_MS at most) and while the page's
 * language is loading (locales/load.ts). Once the widget has shown, nothing holds it again: later
 * reads show the loading state, and later language changes keep the previous language until the new
 * one is in (the element's scheduleUpdate).
 */
export class AnswerHold {
  #answer: Promise<void> | null = null;
  #shown = false;

  constructor(
    private readonly host: { requestUpdate(): void },
    private readonly locale: () => Locale,
  ) {}

  /** A status read that just started (or null): before the widget first shows, it waits for its answer. */
  waitFor(loading: Promise<void> | null): void {
    if (!loading || this.#shown || this.#answer) return;
    // Whatever becomes of the read, the wait ends: a failure is the controller's to show.
    const over = () => {
      this.#answer = null;
      this.host.requestUpdate();
    };
    this.#answer = Promise.race([loading, new Promise<void>((resolve) => setTimeout(resolve, ANSWER_HOLD_MS))]).then(over, over);
  }

  /** What the widget still waits for before it first shows (the answer, then the language), or null. */
  get pending(): Promise<void> | null {
    return this.#shown ? null : (this.#answer ?? localeReady(this.locale()));
  }

  /** Asked before each render: whether it is the root alone. Once it is not, it never is again. */
  holding(): boolean {
    const pending = this.pending;
    if (!pending) {
      this.#shown = true;
      return false;
    }
    // The language's load asks for no update itself (the answer's wait does, in waitFor).
    if (pending !== this.#answer) void pending.then(() => this.host.requestUpdate());
    return true;
  }
}
