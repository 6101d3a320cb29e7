import { LitElement, adoptStyles, html, nothing, type TemplateResult } from 'lit';
import { AuthorizationSequence } from './authorization-sequence.js';
import { hasReturnFlag, withoutReturnFlag } from './callback-result.js';
import { ConnectController, type Failure } from './connect-controller.js';
import { focusAction, focusElement, revealAfterReturn } from './focus.js';
import { trackInputModality } from './input-modality.js';
import { styles } from './healthex-connect.styles.js';
import { needsHostSupport, patientErrorText } from './error-words.js';
import { hostProfileFromAttribute, resolveHost, type HostProfile, type ResolvedHost } from './host-profile.js';
import { hostCopy, withPage } from './locales/copy.js';
import { pickLocale, type BannerCopy, type Locale } from './locales/index.js';
import { copyFor, localeReady } from './locales/load.js';
import { browserNavigation, type NavigationSeam } from './navigation.js';
import { belowFoldFile } from './below-fold-file.js';
import { AnswerHold } from './answer-hold.js';
import { BelowFold, reservingStyles } from './render-order.js';
import { bannerTemplate } from './templates/banner.js';
import { dialogTemplate } from './templates/dialog.js';
import type { Handlers, PageHandlers, View } from './templates/view.js';
import type { ConnectionStatus, DisplayMode, TokenProvider } from './types.js';

/**
 * `<healthex-connect>` renders the "connect your medical records" page — a status banner that always
 * carries the next action, the nine record categories, the four steps, the privacy panel, the access
 * log and the return link — and talks to the connect service (tRPC, connect token as a Bearer header).
 * Once connected, the steps collapse under "How this works" and a summary shows what is shared, the
 * record counts and "Get latest records". The service talk lives in connect-controller.ts, the markup
 * in templates/ (the regions below the banner load after it: below-fold.ts, render-order.ts), focus in
 * focus.ts; this element keeps the properties, lifecycle and handlers.
 *
 * @summary Connects a patient's HealthEx medical records to the host.
 * @tagname healthex-connect
 *
 * @attr api-base - The connect service's base URL, e.g. `https://connect.salusai.health`. Required.
 * @attr token - The connect token (a short-lived JWT minted by the host's back end for its signed-in user).
 * @attr mode - `popup` (default; falls back to `redirect` when the popup is blocked) or `redirect`.
 * @attr return-url - Where HealthEx sends the user back; defaults to the current page without the result flags.
 * @attr locale - `en` or `es`; defaults to the nearest `lang` attribute (the document's included), then
 *   `navigator.languages`, then English.
 * @attr return-href - Target of the "← Return to {tier-name}" link; the link is shown only when set.
 * @attr host-profile - What the host states about itself, as JSON (see `HostProfile`): `name`, `tier`,
 *   `features` (`[{ name, href }]`), `baaWith`, `purpose`, `privacyHref`, `supportHref`. A sentence whose
 *   fact is not given is left out (nothing defaults to another host's claims). Also a property (an object).
 * @attr host-name - The host's name in the copy (wins over the profile's `name`; none: "this site").
 * @attr tier-name - The host's tier that records unlock (wins over the profile's `tier`; none: no tier sentence).
 * @attr privacy-href - The host's privacy policy (wins over the profile's `privacyHref`): step 3 links it when set.
 * @attr account-href - Where to create a HealthEx account (step 1's link; default: `manage-href`).
 * @attr manage-href - HealthEx for the patient: step 2's link and "Manage sharing at HealthEx"
 *   (default `https://www.healthex.io/`).
 *
 * @prop {() => string | Promise<string>} tokenProvider - Returns a fresh connect token. Preferred over
 *   `token`; called again once when the service answers UNAUTHENTICATED, and the call is retried once.
 *
 * @fires {CustomEvent<HealthexReadyDetail>} healthex-ready - The first status is known. Detail: `{ status }`.
 * @fires {CustomEvent<HealthexExitDetail>} healthex-exit - The user left the authorization unfinished. Detail:
 *   `{ reason, code? }`, `reason` one of `popup_closed`, `cancelled`, `denied`, `error` (with `code`).
 * @fires {CustomEvent<HealthexStatusChangeDetail>} healthex-status-change - The status read from the service changed
 *   (also fired for the first status read, with `previous: null`). Detail: `{ status, previous }`.
 * @fires {CustomEvent<HealthexConnectedDetail>} healthex-connected - The connection became `connected`. Detail: `{ status }`.
 * @fires {CustomEvent<HealthexDisconnectedDetail>} healthex-disconnected - The connection became `not_connected`
 *   (after Disconnect). Detail: `{ status }`.
 * @fires {CustomEvent<HealthexErrorDetail>} healthex-error - Something failed. Detail: `{ code, message }`, where
 *   `code` is a stable connect-service code (`UNAUTHENTICATED`, `ORIGIN_NOT_ALLOWED`, `INVALID_INPUT`,
 *   `INVALID_RETURN_URL`, `NOT_AUTHORIZED_YET`, `AUTHORIZATION_FAILED`, `HEALTHEX_UNAVAILABLE`, `SERVICE_UNAVAILABLE`,
 *   `RATE_LIMITED`, `INTERNAL`, `NOT_CONNECTED`, `REAUTH_REQUIRED`,
 *   `FEATURE_NOT_ALLOWED`, `ISSUER_NOT_ALLOWED`, `SIGNED_OUT`), `NETWORK`, `POPUP_BLOCKED` or `CONFIGURATION_NO_TOKEN`, `CONFIGURATION_API_BASE`,
 *   `CONFIGURATION_TOKEN_PROVIDER` (the page's set-up; the console names the fix), `message` is the text
 *   shown to the user and `detail` the developer's detail (never shown on the page).
 *
 * @cssprop [--healthex-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--healthex-font-size=1rem] - Base font size.
 * @cssprop [--healthex-color-text=#1f2933] - Text colour.
 * @cssprop [--healthex-color-muted=#4a5563] - Secondary text and the not-connected banner edge.
 * @cssprop [--healthex-color-surface=#ffffff] - Background of the widget, steps and categories.
 * @cssprop [--healthex-color-surface-alt=#f4f6f8] - Background of the banner, notes and privacy panel.
 * @cssprop [--healthex-color-border=#c5ccd4] - Borders.
 * @cssprop [--healthex-color-accent=#0b57a4] - Primary buttons, step numbers, links.
 * @cssprop [--healthex-color-accent-contrast=#ffffff] - Text on the accent colour.
 * @cssprop [--healthex-color-info-surface=#eaf2fb] - Banner background when authorized.
 * @cssprop [--healthex-color-success=#17663a] - Connected banner edge and "done" marks.
 * @cssprop [--healthex-color-success-surface=#e9f6ee] - Banner background when connected.
 * @cssprop [--healthex-color-warning=#8a4600] - Banner edge when a reconnect is needed.
 * @cssprop [--healthex-color-warning-surface=#fff4e0] - Banner background when a reconnect is needed.
 * @cssprop [--healthex-color-danger=#b3261e] - Errors and the Disconnect buttons.
 * @cssprop [--healthex-color-danger-surface=#fdecea] - Banner background on errors.
 * @cssprop [--healthex-focus-ring-color=#0b57a4] - Focus outline.
 * @cssprop [--healthex-radius=12px] - Corner radius.
 * @cssprop [--healthex-spacing=1rem] - Base spacing.
 *
 * @csspart banner - The status banner (first element; its text is a polite live region).
 * @csspart banner-title - The banner's headline.
 * @csspart banner-actions - The banner's buttons: the next action and Try again.
 * @csspart banner-action - The banner's next action (Authorize, Reconnect, Mark as connected, Disconnect).
 * @csspart waiting - The waiting state while the HealthEx window is open.
 * @csspart show-popup-button - "Show the HealthEx window".
 * @csspart cancel-popup-button - Cancel, in the waiting state.
 * @csspart connected-summary - The connected summary.
 * @csspart sharing - What is shared: organisations and last update.
 * @csspart organisations - The list of organisations shared from (when known).
 * @csspart update-button - "Get latest records".
 * @csspart update-message - What "Get latest records" answered.
 * @csspart manage-link - "Manage sharing at HealthEx".
 * @csspart how-it-works - The "How this works" disclosure holding the steps when connected.
 * @csspart step-link - A step's link.
 * @csspart step-button - Step 3's and step 4's buttons.
 * @csspart button - Every button.
 * @csspart disconnect-button - The banner's Disconnect button.
 * @csspart retry-button - The "Try again" button shown with errors.
 * @csspart authorize-button - The authorize buttons (banner and step 3).
 * @csspart confirm-button - The confirm buttons (banner and step 4).
 * @csspart categories - The list of record categories.
 * @csspart category - One record category.
 * @csspart category-count - A category's line when connected: its count in the window, "not available" or "included".
 * @csspart counts-note - The note shown when the record counts could not be loaded, with its Try again button.
 * @csspart steps - The list of steps.
 * @csspart step - One step.
 * @csspart step-number - A step's number badge.
 * @csspart step-note - A note inside a step.
 * @csspart privacy - The privacy and security panel.
 * @csspart activity - The "Recent activity" panel (the access log; shown when there is any history).
 * @csspart activity-list - Its list of events, newest first.
 * @csspart activity-event - One event: a sentence and its `<time>` (the page's own reads: one line a day).
 * @csspart return-link - The return link.
 * @csspart dialog - The disconnect confirmation dialog.
 */
export class HealthexConnect extends LitElement {
  static override styles = [styles, reservingStyles];

  static override properties = {
    // Strings (Lit's default type): no `type: String`.
    apiBase: { attribute: 'api-base' },
    token: {},
    tokenProvider: { attribute: false },
    mode: {},
    returnUrl: { attribute: 'return-url' },
    locale: {},
    returnHref: { attribute: 'return-href' },
    hostProfile: { attribute: 'host-profile', converter: { fromAttribute: hostProfileFromAttribute } },
    hostName: { attribute: 'host-name' },
    tierName: { attribute: 'tier-name' },
    privacyHref: { attribute: 'privacy-href' },
    accountHref: { attribute: 'account-href' },
    manageHref: { attribute: 'manage-href' },
  };

  /** The connect service's base URL (`api-base`). */
  declare apiBase: string | undefined;
  /** The connect token (`token`). */
  declare token: string | undefined;
  /** Returns a fresh connect token; preferred over `token`. */
  declare tokenProvider: TokenProvider | undefined;
  /** `popup` (default) or `redirect` (`mode`). */
  declare mode: DisplayMode;
  /** Where HealthEx sends the user back (`return-url`); defaults to this page without the result flags. */
  declare returnUrl: string | undefined;
  /** `en` or `es` (`locale`); defaults to the page's, then the browser's language. */
  declare locale: string | undefined;
  /** Target of the return link (`return-href`). */
  declare returnHref: string | undefined;
  /** What the host states about itself (`host-profile`). */
  declare hostProfile: HostProfile | null | undefined;
  /** The host's name in the copy (`host-name`). */
  declare hostName: string | undefined;
  /** The tier records unlock (`tier-name`). */
  declare tierName: string | undefined;
  /** The host's privacy policy (`privacy-href`). */
  declare privacyHref: string | undefined;
  /** Creating a HealthEx account (`account-href`). */
  declare accountHref: string | undefined;
  /** HealthEx for the patient: step 2 and "Manage sharing at HealthEx" (`manage-href`). */
  declare manageHref: string | undefined;

  /**
   * Browser navigation (popup, full-page redirect, address bar). Tests replace it.
   * @internal
   */
  navigation: NavigationSeam = browserNavigation;

  readonly #connect = new ConnectController(this, belowFoldFile);
  readonly #sequence = new AuthorizationSequence(this, this.#connect);
  /** The banner renders first; the rest once the banner showing the first answer is painted. */
  readonly #belowFold = new BelowFold(this, () => !this.#holding && Boolean(this.#connect.status || this.#connect.failure));
  /** Before the widget first shows: the wait for its first answer and its language (answer-hold.ts). */
  readonly #hold = new AnswerHold(this, () => this.#locale);
  /** This update renders the root alone, holding the widget's place. */
  #holding = false;
  #returnFlagHandled = false;
  /** A return URL whose flag the service has yet to confirm (asked once a status shows the token works). */
  #returnFlag: URL | null = null;
  /** A trusted return from HealthEx: reveal the widget once its status is known. */
  #revealPending = false;
  #stopTrackingInput: (() => void) | null = null;
  #belowFoldStyled = false;

  constructor() {
    super();
    this.mode = 'popup';
  }

  /** The connection status last read from the service, or null before the first read. */
  get status(): ConnectionStatus | null {
    return this.#connect.status;
  }

  /** Reads the status from the service again (then the counts, when connected, and the access log). */
  refresh(): Promise<void> {
    return this.#connect.loadStatus();
  }

  /**
   * Starts the authorization from the host's own button, as the widget's Authorize does. Call it
   * inside the click handler (no await before it), or the browser blocks the popup. Returns false
   * when there is nothing to authorize now (status unknown, already authorized or connected, busy).
   */
  open(): boolean {
    const problem = this.#connect.configurationProblem(true);
    if (problem) {
      this.#connect.warnConfiguration(problem);
      return false;
    }
    return this.#sequence.authorize('host');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopTrackingInput ??= trackInputModality(this);
    if (!this.#returnFlagHandled) {
      this.#returnFlagHandled = true;
      this.#handleReturnFlag();
    }
    // Start reading the status now rather than in the first update, and hold the banner for its
    // answer (answer-hold.ts): a fast answer is the first thing the banner shows, with no "Checking
    // your connection…" flashing by, and its style and layout are the page's first, not queued
    // behind the loading state's (bench/NOTES.md). A slow answer gets the loading state.
    // Meanwhile the element renders its root alone, holding its place: defined, it is no longer
    // `:not(:defined)`, and content after it must not jump up and back down.
    this.#hold.waitFor(this.#connect.configure());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTrackingInput?.();
    this.#stopTrackingInput = null;
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    // A language not loaded yet (locales/load.ts): its copy never shows in the wrong one. Before the
    // widget first shows, its root holds its place meanwhile (answer-hold.ts); later, the update
    // waits for it, keeping the previous language.
    const locale = localeReady(this.#locale);
    if (!locale || this.#hold.pending) return super.scheduleUpdate();
    const update = () => super.scheduleUpdate();
    return locale.then(update, update);
  }

  /** Also waits for the banner's first answer (or the end of its wait) and, when their render is due, the regions below it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    for (let wait = this.#hold.pending; wait; wait = this.#hold.pending) {
      await wait;
      done = await super.getUpdateComplete();
    }
    const rest = this.#belowFold.pending;
    return rest ? rest.then(() => super.getUpdateComplete()) : done;
  }

  protected override willUpdate(): void {
    // A token given after connect (frameworks set it late) starts the read here: held for too.
    this.#hold.waitFor(this.#connect.configure());
    this.#holding = this.#hold.holding();
    // The regions below the banner bring their styles: added before their first render, once.
    const module = this.#belowFold.module;
    if (module && !this.#belowFoldStyled && this.renderRoot !== this) {
      this.#belowFoldStyled = true;
      adoptStyles(this.renderRoot as ShadowRoot, [...HealthexConnect.elementStyles, module.belowFoldStyles]);
    }
  }

  protected override updated(): void {
    const flag = this.#returnFlag;
    // Only once a status was read: the host may set the token after the element connects.
    if (flag && this.#connect.status) {
      this.#returnFlag = null;
      void this.#connect.confirmReturnFlag(flag).then((result) => {
        if (!result) return;
        this.#revealPending = true;
        this.#connect.showCallbackResult(result);
      });
    }
    // Once the regions below the banner are in (or known missing): revealed earlier, WebKit (which has
    // no scroll anchoring) lets their arrival move the widget's top down the screen.
    if (this.#revealPending && this.#connect.status && !this.#connect.loading && this.#belowFold.shown) {
      this.#revealPending = false;
      revealAfterReturn(this, this.renderRoot);
    }
  }

  get #locale(): Locale {
    return pickLocale(this.locale, this.closest('[lang]')?.getAttribute('lang'), navigator.languages);
  }

  get #host(): ResolvedHost {
    return resolveHost({ profile: this.hostProfile, name: this.hostName, tier: this.tierName, privacyHref: this.privacyHref }, this.#locale);
  }

  /** `copy` with the host's names filled in. */
  #filled<C extends BannerCopy>(copy: C): C {
    const host = this.#host;
    const name = host.name ?? copy.unnamedHost;
    return hostCopy(copy, { host: name, tier: host.tier ?? name, baa: host.baaWith ?? '', purpose: host.purpose ?? '' });
  }

  /** The banner's copy (the whole copy once the regions below the banner have loaded). */
  get #copy(): BannerCopy {
    return this.#filled(copyFor(this.#locale));
  }

  /** @internal The message shown for a failure, in the widget's language. */
  failureMessage(failure: Failure): string {
    const copy = this.#copy;
    const reason = patientErrorText(failure.code, copy.errors, this.#host.name ?? copy.unnamedHost);
    return failure.fromCallback ? copy.notices.callbackError(reason) : reason;
  }

  /** Redirect mode: the callback sent the user back here with a result flag (shown only if the service confirms it). */
  #handleReturnFlag(): void {
    let url: URL;
    try {
      url = this.navigation.currentUrl();
    } catch {
      return;
    }
    if (!hasReturnFlag(url)) return;
    this.navigation.replaceUrl(withoutReturnFlag(url));
    // The status is read anyway; a confirmed flag decides the message and where focus goes.
    this.#returnFlag = url;
  }

  readonly #on: Handlers = {
    authorize: (origin) => void this.#sequence.authorize(origin),
    confirm: () => void this.#sequence.mutate('confirm'),
    disconnect: () => {
      const dialog = this.#dialog;
      if (this.#connect.busy || !dialog || dialog.open) return;
      dialog.returnValue = '';
      dialog.showModal();
      focusElement(this.renderRoot.querySelector<HTMLButtonElement>('[data-dialog-cancel]'));
    },
    retry: () => {
      const retry = this.#connect.failure?.retry;
      if (retry === 'status') {
        this.#connect.failure = null;
        void this.#connect.loadStatus();
      } else if (retry === 'authorize') {
        this.#sequence.authorize(this.#connect.origin);
      } else if (retry) {
        void this.#sequence.mutate(retry);
      }
    },
    showPopup: () => this.#connect.showPopup(),
    cancelPopup: () => this.#sequence.cancelPopup(),
    dialogCancel: () => this.#dialog?.close('cancel'),
    dialogConfirm: () => this.#dialog?.close('confirm'),
    /** Every way the dialog closes: Cancel, Escape, or the confirm button. */
    dialogClose: () => {
      if (this.#dialog?.returnValue === 'confirm') void this.#sequence.mutate('disconnect');
      else focusAction(this.renderRoot, 'disconnect');
    },
  };

  /** The handlers of the regions below the banner, once their file is in (page-handlers.ts). */
  #pageOn: PageHandlers | null = null;

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  // ---- rendering ----------------------------------------------------------------------------------

  #view<C extends BannerCopy>(copy: C): View<C> {
    const c = this.#connect;
    const host = this.#host;
    const misconfigured = c.failure?.code.startsWith('CONFIGURATION_') === true;
    return {
      ...c,
      copy,
      host,
      look: misconfigured ? 'misconfigured' : c.status ? c.status.state : c.failure?.retry === 'status' && !c.loading ? 'error' : 'loading',
      problem: c.failure ? this.failureMessage(c.failure) : null,
      support: c.failure && needsHostSupport(c.failure.code) ? host.supportHref : null,
      canRetry: Boolean(c.failure?.retry) && !(c.failure?.retry === 'status' && c.loading),
      pageMissing: this.#belowFold.shown && !this.#belowFold.module,
      waiting: c.waiting?.origin ?? null,
      hrefs: { account: this.accountHref, manage: this.manageHref, back: this.returnHref, here: () => this.navigation.currentUrl() },
    };
  }

  /** Nothing until their turn (the root holds their place); if their file did not load, a sentence saying so. */
  #belowFoldRegions(): TemplateResult | typeof nothing {
    const { shown, module } = this.#belowFold;
    if (!shown) return nothing;
    if (!module) return html`<p class="page-failed">${this.#copy.pageFailed}</p>`;
    const copy = this.#filled(withPage(copyFor(this.#locale), module.enPage));
    this.#pageOn ??= module.pageHandlers(this.#on, { records: this.#connect, element: this });
    return module.belowFoldTemplate(this.#view(copy), this.#pageOn);
  }

  protected override render(): TemplateResult {
    // Waiting for the first answer or for the language: the root, empty, holds the widget's place.
    if (this.#holding) return html`<div class="root reserving"></div>`;
    const copy = this.#copy;
    const view = this.#view(copy);
    const on = this.#on;
    return html`
      <div class=${this.#belowFold.shown ? 'root' : 'root reserving'} lang=${copy.lang}>${bannerTemplate(view, on)} ${this.#belowFoldRegions()} ${dialogTemplate(view, on)}</div>
    `;
  }
}
