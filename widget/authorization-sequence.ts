/**
 * What happens around an authorization, between the controller and the patient's focus: start it
 * (Authorize, Reconnect, Try again, the host's `open()`), hear the popup's result by message, cancel
 * the waiting state, confirm or disconnect — and after each, put focus where the patient can carry on.
 * The controller (connect-controller.ts) owns the requests and the state; this owns the order of
 * "request, render, focus". A Lit reactive controller so the message listener follows the element.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readCallbackMessage, serviceOrigin } from './callback-result.js';
import type { ConnectController, Origin } from './connect-controller.js';
import { focusAction, focusBannerTitle, restoreFocus } from './focus.js';

export interface SequenceHost extends ReactiveControllerHost, HTMLElement {
  readonly apiBase: string | undefined;
  readonly renderRoot: ParentNode;
}

export class AuthorizationSequence implements ReactiveController {
  readonly #host: SequenceHost;
  readonly #connect: ConnectController;

  constructor(host: SequenceHost, connect: ConnectController) {
    this.#host = host;
    this.#connect = connect;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.#onMessage);
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.#onMessage);
  }

  /** Must run inside the click handler (no await before it): the popup opens synchronously. */
  authorize(origin: Origin): boolean {
    const host = this.#host;
    return this.#connect.authorize(origin, (outcome) => {
      void host.updateComplete.then(() => {
        if (outcome === 'popup') {
          // The clicked button is inert now: focus goes to the waiting state, where the way back is.
          focusAction(host.renderRoot, 'show-popup');
          if (origin === 'host') host.scrollIntoView({ block: 'nearest' });
        } else {
          void this.#settled(false);
        }
      });
    });
  }

  cancelPopup(): void {
    void this.#connect.cancelWaiting().then(() => this.#settled(false));
  }

  async mutate(action: 'confirm' | 'disconnect'): Promise<void> {
    const ok = await this.#connect.mutate(action);
    await this.#host.updateComplete;
    if (ok) focusBannerTitle(this.#host.renderRoot);
    else restoreFocus(this.#host, this.#host.renderRoot, action);
  }

  /** The popup's callback page posts its result; only the connect service's origin is heard. */
  readonly #onMessage = (event: MessageEvent): void => {
    const { apiBase } = this.#host;
    if (!apiBase) return;
    const result = readCallbackMessage(event, serviceOrigin(apiBase));
    if (result === null) return;
    void this.#connect.popupResult(result).then(() => this.#settled(result.result === 'authorized'));
  };

  /** The authorization ended: Mark as connected when it worked, else Authorize (focus only if lost). */
  async #settled(authorized: boolean): Promise<void> {
    await this.#host.updateComplete;
    const target = authorized && this.#connect.status?.state === 'authorized' ? 'confirm' : 'authorize';
    restoreFocus(this.#host, this.#host.renderRoot, target);
  }
}
