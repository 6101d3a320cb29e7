import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ConnectApiError, ConnectClient, toConnectApiError } from './api-client.js';
import { startAuthorization, watchPopup } from './authorization-flow.js';
import { hasReturnFlag, readCallbackMessage, readReturnFlag, serviceOrigin, withoutReturnFlag, type CallbackResult } from './callback-result.js';
import { healthexEvent } from './events.js';
import { styles } from './healthex-connect.styles.js';
import { CATEGORY_EMOJI, CATEGORY_IDS, PRIVACY_EMOJI, STEP_NOTE_EMOJI } from './locales/en.js';
import { LOCALES, resolveLocale, type Copy, type Locale } from './locales/index.js';
import { browserNavigation, type NavigationSeam } from './navigation.js';
import type { ActivityEvent, ConnectionStatus, DisplayMode, HealthexErrorCode, TokenProvider } from './types.js';

type Action = 'status' | 'authorize' | 'confirm' | 'disconnect';
type Busy = Exclude<Action, 'status'>;

/** The tiles' record counts: by category id, still loading, failed to load, or none to show (not connected). */
type Summary = Record<string, number> | 'loading' | 'failed' | null;

/** How many access-log events the widget shows. */
const ACTIVITY_LIMIT = 10;

interface Failure {
  code: HealthexErrorCode;
  /** What the Retry button does again; null when there is nothing to retry. */
  retry: Action | null;
  /** True when the failure was reported by the HealthEx callback rather than by a call. */
  fromCallback?: boolean;
}

function sameStatus(a: ConnectionStatus | null, b: ConnectionStatus): boolean {
  return (
    a !== null &&
    a.state === b.state &&
    a.authorizedAt === b.authorizedAt &&
    a.connectedAt === b.connectedAt &&
    a.scope.length === b.scope.length &&
    a.scope.every((s, i) => s === b.scope[i])
  );
}

/**
 * `<healthex-connect>` renders the whole "connect your medical records" page — status banner, the
 * nine record categories, the four steps, the privacy and security panel and the return link — and
 * talks to the connect service (tRPC over `fetch`, connect token as a Bearer header).
 *
 * Step 3 opens HealthEx in a popup (in this tab when the popup is blocked or `mode="redirect"`); when
 * the user comes back the widget re-reads the status from the service. Step 4 confirms; the banner's
 * Disconnect asks for confirmation in a dialog first.
 *
 * Once connected, each category tile shows how many records HealthEx holds in it (`records.summary`),
 * in plain words ("12 records", "No records yet"). Below the privacy panel, "Recent activity on your
 * connection" lists the user's last ten connection events (`activity.log`: authorized, personalisation
 * turned on, used by which Salus feature, refreshed, disconnected, revoked) with their dates; it is
 * shown when there is any history and re-read after every status read or change. A REAUTH_REQUIRED
 * answer for the counts re-reads the status, so the banner asks to reconnect. Failures to read the
 * counts (a small note with Try again) or the log (it stays as it was) do not fire `healthex-error`.
 *
 * @summary Connects a Salus AI patient's HealthEx medical records.
 * @tagname healthex-connect
 *
 * @attr api-base - The connect service's base URL, e.g. `https://connect.salusai.health`. Required.
 * @attr token - The connect token (a short-lived JWT minted by the host's back end for its signed-in user).
 * @attr mode - `popup` (default; falls back to `redirect` when the popup is blocked) or `redirect`.
 * @attr return-url - Where HealthEx sends the user back; defaults to the current page without the result flags.
 * @attr locale - `en` or `es`; defaults to the nearest `lang` attribute, then the document's language, then English.
 * @attr return-href - Target of the "← Return to Precision Medicine" link; the link is shown only when set.
 *
 * @prop {() => string | Promise<string>} tokenProvider - Returns a fresh connect token. Preferred over
 *   `token`; called again once when the service answers UNAUTHENTICATED, and the call is retried once.
 *
 * @fires {CustomEvent<HealthexStatusChangeDetail>} healthex-status-change - The status read from the service changed
 *   (also fired for the first status read, with `previous: null`). Detail: `{ status, previous }`.
 * @fires {CustomEvent<HealthexConnectedDetail>} healthex-connected - The connection became `connected`. Detail: `{ status }`.
 * @fires {CustomEvent<HealthexDisconnectedDetail>} healthex-disconnected - The connection became `not_connected`
 *   (after Disconnect). Detail: `{ status }`.
 * @fires {CustomEvent<HealthexErrorDetail>} healthex-error - Something failed. Detail: `{ code, message }`, where
 *   `code` is a stable connect-service code (`UNAUTHENTICATED`, `ORIGIN_NOT_ALLOWED`, `INVALID_INPUT`,
 *   `INVALID_RETURN_URL`, `NOT_AUTHORIZED_YET`, `AUTHORIZATION_FAILED`, `HEALTHEX_UNAVAILABLE`, `SERVICE_UNAVAILABLE`,
 *   `RATE_LIMITED`, `INTERNAL`, `NOT_CONNECTED`, `REAUTH_REQUIRED`,
 *   `FEATURE_NOT_ALLOWED`, `ISSUER_NOT_ALLOWED`), `NETWORK` or `POPUP_BLOCKED`, and `message` is the text shown to the user.
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
 * @csspart banner-actions - The banner's buttons (Disconnect, Try again).
 * @csspart button - Every button.
 * @csspart disconnect-button - The banner's Disconnect button.
 * @csspart retry-button - The "Try again" button shown with errors.
 * @csspart authorize-button - Step 3's button.
 * @csspart confirm-button - Step 4's button.
 * @csspart categories - The list of record categories.
 * @csspart category - One record category.
 * @csspart category-count - A category's record count, in words (only when connected; empty while loading).
 * @csspart counts-note - The note shown when the record counts could not be loaded, with its Try again button.
 * @csspart steps - The list of steps.
 * @csspart step - One step.
 * @csspart step-number - A step's number badge.
 * @csspart step-note - A note inside a step.
 * @csspart privacy - The privacy and security panel.
 * @csspart activity - The "Recent activity" panel (the access log; shown when there is any history).
 * @csspart activity-list - Its list of events, newest first.
 * @csspart activity-event - One event: a sentence and its `<time>`.
 * @csspart return-link - The "Return to Precision Medicine" link.
 * @csspart dialog - The disconnect confirmation dialog.
 */
export class HealthexConnect extends LitElement {
  static override styles = styles;

  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    token: { type: String },
    tokenProvider: { attribute: false },
    mode: { type: String },
    returnUrl: { type: String, attribute: 'return-url' },
    locale: { type: String },
    returnHref: { type: String, attribute: 'return-href' },
    _status: { state: true },
    _loading: { state: true },
    _busy: { state: true },
    _failure: { state: true },
    _denied: { state: true },
    _summary: { state: true },
    _activity: { state: true },
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
  /** `en` or `es` (`locale`); defaults to the page's language. */
  declare locale: string | undefined;
  /** Target of the return link (`return-href`). */
  declare returnHref: string | undefined;

  declare private _status: ConnectionStatus | null;
  declare private _loading: boolean;
  declare private _busy: Busy | null;
  declare private _failure: Failure | null;
  declare private _denied: boolean;
  declare private _summary: Summary;
  declare private _activity: ActivityEvent[];

  /**
   * Browser navigation (popup, full-page redirect, address bar). Tests replace it.
   * @internal
   */
  navigation: NavigationSeam = browserNavigation;

  #client: ConnectClient | null = null;
  #clientBase: string | undefined;
  /** `apiBase`, `token` and `tokenProvider` as #configure last saw them. */
  #seen: Pick<HealthexConnect, 'apiBase' | 'token' | 'tokenProvider'> | null = null;
  /** Set on connect while the first status request is being started: the first update waits for it. */
  #firstRequest: Promise<unknown> | null = null;
  /** Resolves #firstRequest once the request has been handed to fetch. */
  #onRequest: (() => void) | null = null;
  #loadSeq = 0;
  #extrasSeq = 0;
  #stopWatchingPopup: (() => void) | null = null;
  #returnFlagHandled = false;

  constructor() {
    super();
    this.mode = 'popup';
    this._status = null;
    this._loading = false;
    this._busy = null;
    this._failure = null;
    this._denied = false;
    this._summary = null;
    this._activity = [];
  }

  /** The connection status last read from the service, or null before the first read. */
  get status(): ConnectionStatus | null {
    return this._status;
  }

  /** Reads the status from the service again (then the record counts, when connected, and the access log). */
  refresh(): Promise<void> {
    return this.#loadStatus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
    if (!this.#returnFlagHandled) {
      this.#returnFlagHandled = true;
      this.#handleReturnFlag();
    }
    // Start reading the status now rather than in the first update, so the request travels while the
    // first render (the whole page, loading) runs. The first update waits until it is handed to fetch
    // (a few microtasks: tRPC's link awaits before calling fetch) — only with a fixed token, since a
    // token provider may itself take a round trip and the loading state must not wait for that.
    const loading = this.#configure();
    if (loading && !this.tokenProvider) {
      this.#firstRequest = Promise.race([new Promise<void>((resolve) => (this.#onRequest = resolve)), loading]);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.#onMessage);
    this.#stopWatchingPopup?.();
    this.#stopWatchingPopup = null;
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    const first = this.#firstRequest;
    this.#firstRequest = null;
    if (!first) return super.scheduleUpdate();
    // Whatever becomes of the request, the element renders: a failure is #loadStatus's to show.
    const update = () => super.scheduleUpdate();
    return first.then(update, update);
  }

  protected override willUpdate(): void {
    this.#configure();
  }

  /**
   * Makes the client match `apiBase`, and reads the status when the credentials changed and either no
   * status is known yet or `apiBase` changed. Runs on connect and before every update; compares with
   * what it saw last time, so a status read started on connect is not started again by the first update.
   * Returns the status read it started, if any.
   */
  #configure(): Promise<void> | null {
    const { apiBase, token, tokenProvider } = this;
    const seen = this.#seen;
    this.#seen = { apiBase, token, tokenProvider };
    const base = apiBase?.trim() || undefined;
    if (base !== this.#clientBase) {
      this.#clientBase = base;
      this.#client = base
        ? new ConnectClient({
            apiBase: base,
            tokens: () => ({ token: this.token, provider: this.tokenProvider }),
            onRequest: () => {
              this.#onRequest?.();
              this.#onRequest = null;
            },
          })
        : null;
      this._status = null;
      this._summary = null;
      this._activity = [];
      this.#extrasSeq++;
    }
    const baseChanged = seen === null || apiBase !== seen.apiBase;
    const credentialsChanged = baseChanged || token !== seen.token || tokenProvider !== seen.tokenProvider;
    return credentialsChanged && this.#client && this.#hasToken() && (this._status === null || baseChanged) ? this.#loadStatus() : null;
  }

  // ---- data -------------------------------------------------------------------------------------

  #hasToken(): boolean {
    return typeof this.tokenProvider === 'function' || Boolean(this.token);
  }

  get #locale(): Locale {
    const tag = this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    return resolveLocale(tag);
  }

  get #copy(): Copy {
    return LOCALES[this.#locale];
  }

  /** `summary: false` after a REAUTH_REQUIRED count read: the counts are not asked for again. */
  async #loadStatus(summary = true): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const seq = ++this.#loadSeq;
    this._loading = true;
    try {
      const status = await client.status();
      if (seq !== this.#loadSeq) return;
      if (this._failure?.retry === 'status') this._failure = null;
      this.#applyStatus(status, summary);
    } catch (error) {
      if (seq !== this.#loadSeq) return;
      this.#fail(toConnectApiError(error), 'status');
    } finally {
      if (seq === this.#loadSeq) this._loading = false;
    }
  }

  #applyStatus(status: ConnectionStatus, summary = true): void {
    const previous = this._status;
    this._status = status;
    void this.#loadExtras(status.state === 'connected', summary);
    if (sameStatus(previous, status)) return;
    this.dispatchEvent(healthexEvent('healthex-status-change', { status, previous }));
    if (previous !== null && previous.state !== status.state) {
      if (status.state === 'connected') this.dispatchEvent(healthexEvent('healthex-connected', { status }));
      if (status.state === 'not_connected') this.dispatchEvent(healthexEvent('healthex-disconnected', { status }));
    }
  }

  /**
   * After every status read or change: the tiles' counts (when connected), then the access log (after
   * the counts, whose read is itself logged as a use).
   */
  async #loadExtras(connected: boolean, summary = true): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const seq = ++this.#extrasSeq;
    if (!connected) this._summary = null;
    else if (summary) {
      // Counts already shown stay while they are read again.
      if (typeof this._summary !== 'object' || !this._summary) this._summary = 'loading';
      try {
        const { categories } = await client.summary();
        if (seq !== this.#extrasSeq) return;
        // Interim: only counted tiles show a number (the connected summary redesign words the others).
        this._summary = Object.fromEntries(categories.flatMap((c) => (c.kind === 'counted' ? [[c.category, c.count]] : [])));
      } catch (error) {
        if (seq !== this.#extrasSeq) return;
        const { code } = toConnectApiError(error);
        // NOT_CONNECTED: the state changed meanwhile; the status read that follows tells how.
        this._summary = code === 'NOT_CONNECTED' ? null : 'failed';
        // HealthEx refused the authorization: the status is now reauth_required, and the banner says so.
        if (code === 'REAUTH_REQUIRED') return this.#loadStatus(false);
      }
    }
    try {
      const { events } = await client.activity(ACTIVITY_LIMIT);
      if (seq === this.#extrasSeq) this._activity = events;
    } catch {
      // The log stays as it was.
    }
  }

  #onCountsRetryClick = async (): Promise<void> => {
    await this.#loadExtras(true);
    await this.updateComplete;
    // The note (and the focused button) is gone: focus the tiles.
    if (this.#focusLost()) this.renderRoot.querySelector<HTMLElement>('.categories')?.focus();
  };

  #fail(error: ConnectApiError | { code: HealthexErrorCode }, retry: Action | null, fromCallback = false): void {
    this._failure = { code: error.code, retry, fromCallback };
    this.dispatchEvent(healthexEvent('healthex-error', { code: error.code, message: this.#failureMessage(this._failure) }));
  }

  #failureMessage(failure: Failure): string {
    const copy = this.#copy;
    const reason = copy.errors[failure.code as keyof Copy['errors']] ?? copy.errors.INTERNAL;
    return failure.fromCallback ? copy.notices.callbackError(reason) : reason;
  }

  #defaultReturnUrl(): string {
    return withoutReturnFlag(this.navigation.currentUrl()).href;
  }

  /** Redirect mode: the callback sent the user back here with a result flag. */
  #handleReturnFlag(): void {
    let url: URL;
    try {
      url = this.navigation.currentUrl();
    } catch {
      return;
    }
    if (!hasReturnFlag(url)) return;
    const result = readReturnFlag(url);
    this.navigation.replaceUrl(withoutReturnFlag(url));
    // The status is read anyway once the widget is configured; the flag only decides the message.
    if (result) this.#showCallbackResult(result);
  }

  #showCallbackResult(result: CallbackResult): void {
    this._denied = result.result === 'denied';
    if (result.result === 'error') this.#fail({ code: result.code ?? 'INTERNAL' }, 'authorize', true);
    else if (this._failure?.retry === 'authorize' || this._failure?.code === 'POPUP_BLOCKED') this._failure = null;
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (!this.apiBase) return;
    const result = readCallbackMessage(event, serviceOrigin(this.apiBase));
    if (result === null) return;
    this.#stopWatchingPopup?.();
    this.#stopWatchingPopup = null;
    this.#showCallbackResult(result);
    void this.#finishAuthorization(result.result === 'authorized');
  };

  /** After the popup: re-read the status (never trusting the message), then leave the busy state. */
  async #finishAuthorization(authorized: boolean): Promise<void> {
    await this.#loadStatus();
    if (this._busy === 'authorize') this._busy = null;
    await this.updateComplete;
    const target = authorized && this._status?.state === 'authorized' ? 'confirm' : 'authorize';
    this.#restoreFocus(target);
  }

  // ---- actions ------------------------------------------------------------------------------------

  #onAuthorizeClick = (): void => {
    if (this._busy || !this.#client) return;
    const client = this.#client;
    this._denied = false;
    this._failure = null;
    // No await before startAuthorization: the popup must open within the click.
    const started = startAuthorization(this.mode === 'redirect' ? 'redirect' : 'popup', {
      navigation: this.navigation,
      begin: (input) => client.begin(input),
      returnUrl: this.returnUrl || this.#defaultReturnUrl(),
      onPopupBlocked: () => this.#fail({ code: 'POPUP_BLOCKED' }, null),
    });
    this._busy = 'authorize';
    started.then(
      (start) => {
        if (start.kind === 'popup') {
          this.#stopWatchingPopup?.();
          this.#stopWatchingPopup = watchPopup(start.popup, () => {
            // Closed without a message: leave the busy state and check whether anything changed.
            this.#stopWatchingPopup = null;
            void this.#finishAuthorization(false);
          });
        } else if (start.kind === 'cancelled') {
          this._busy = null;
        }
        // redirect: the page is leaving; stay busy.
      },
      (error: unknown) => {
        this._busy = null;
        this.#fail(toConnectApiError(error), 'authorize');
        void this.updateComplete.then(() => this.#restoreFocus('authorize'));
      },
    );
  };

  async #runMutation(action: 'confirm' | 'disconnect'): Promise<void> {
    const client = this.#client;
    if (this._busy || !client) return;
    this._busy = action;
    this._failure = null;
    this._denied = false;
    try {
      const status = await (action === 'confirm' ? client.confirm() : client.disconnect());
      this._busy = null;
      this.#applyStatus(status);
      await this.updateComplete;
      this.#focusBannerTitle();
    } catch (error) {
      this._busy = null;
      this.#fail(toConnectApiError(error), action);
      await this.updateComplete;
      this.#restoreFocus(action === 'confirm' ? 'confirm' : 'disconnect');
    }
  }

  #onConfirmClick = (): void => {
    void this.#runMutation('confirm');
  };

  #onDisconnectClick = (): void => {
    if (this._busy) return;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    dialog.returnValue = '';
    dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('[data-dialog-cancel]')?.focus();
  };

  #onDialogCancel = (): void => {
    this.#dialog?.close('cancel');
  };

  #onDialogConfirm = (): void => {
    this.#dialog?.close('confirm');
  };

  /** Fires for every way the dialog closes: Cancel, Escape, or the confirm button. */
  #onDialogClose = (): void => {
    if (this.#dialog?.returnValue === 'confirm') {
      void this.#runMutation('disconnect');
    } else {
      this.#focusPart('disconnect');
    }
  };

  #onRetryClick = (): void => {
    const retry = this._failure?.retry;
    if (!retry) return;
    if (retry === 'status') {
      this._failure = null;
      void this.#loadStatus();
    } else if (retry === 'authorize') {
      this.#onAuthorizeClick();
    } else {
      void this.#runMutation(retry);
    }
  };

  // ---- focus --------------------------------------------------------------------------------------

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #focusBannerTitle(): void {
    this.renderRoot.querySelector<HTMLElement>('.banner-title')?.focus();
  }

  #focusPart(name: 'authorize' | 'confirm' | 'disconnect' | 'retry'): boolean {
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`[data-action='${name}']`);
    if (!button || button.disabled) return false;
    button.focus();
    return true;
  }

  /**
   * Moves focus only when it was lost (on the body, or on a control that just became disabled), so a
   * user who moved on elsewhere is not pulled back.
   */
  #restoreFocus(preferred: 'authorize' | 'confirm' | 'disconnect'): void {
    if (!this.#focusLost()) return;
    if (this.#focusPart(preferred) || this.#focusPart('retry')) return;
    this.#focusBannerTitle();
  }

  /** Focus is on the body, or on a control of the widget that is now disabled or gone. */
  #focusLost(): boolean {
    const active = document.activeElement;
    const inner = this.shadowRoot?.activeElement as HTMLButtonElement | null | undefined;
    return active === null || active === document.body || (active === this && (!inner || inner.disabled === true));
  }

  // ---- rendering ----------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const copy = this.#copy;
    return html`
      <div class="root" lang=${copy.lang}>
        ${this.#renderBanner(copy)} ${this.#renderCategories(copy)} ${this.#renderSteps(copy)} ${this.#renderPrivacy(copy)}
        ${this.#renderActivity(copy)}
        ${this.returnHref
          ? html`<a class="return-link" part="return-link" href=${this.returnHref}><span aria-hidden="true">←</span> ${copy.returnLink}</a>`
          : nothing}
        ${this.#renderDialog(copy)}
      </div>
    `;
  }

  #look(): 'loading' | 'error' | ConnectionStatus['state'] {
    if (this._status) return this._status.state;
    if (this._failure?.retry === 'status' && !this._loading) return 'error';
    return 'loading';
  }

  #renderBanner(copy: Copy): TemplateResult {
    const look = this.#look();
    const status = this._status;
    const failure = this._failure;
    const texts =
      look === 'loading' ? copy.banner.loading : look === 'error' ? { title: copy.banner.errorTitle, detail: '' } : copy.banner.states[look];
    const icon = { loading: '⏳', error: '⚠️', not_connected: '🔗', authorized: '🕓', connected: '✅', reauth_required: '⚠️' }[look];
    const busy = this._busy;
    return html`
      <section class="banner" part="banner" data-look=${look} aria-labelledby="banner-title">
        <div class="banner-text" role="status" aria-live="polite" aria-atomic="true">
          <p class="banner-title" part="banner-title" id="banner-title" tabindex="-1">
            <span class="banner-icon" aria-hidden="true">${icon}</span>${texts.title}
          </p>
          ${texts.detail ? html`<p>${texts.detail}</p>` : nothing}
          ${status?.state === 'connected' ? this.#renderConnectedDetails(copy, status) : nothing}
          ${busy ? html`<p class="banner-notice">${copy.banner.busy[busy]}</p>` : nothing}
          ${this._denied ? html`<p class="banner-notice">${copy.notices.denied}</p>` : nothing}
          ${failure ? html`<p class="banner-problem">${this.#failureMessage(failure)}</p>` : nothing}
        </div>
        ${this.#renderBannerActions(copy)}
      </section>
    `;
  }

  #renderConnectedDetails(copy: Copy, status: ConnectionStatus): TemplateResult {
    const since = status.connectedAt ?? status.authorizedAt;
    const date = since ? new Date(since) : null;
    // Not Intl: its first use in a page costs tens of milliseconds (locales/long-date-and-list.ts).
    const sinceText = date && !Number.isNaN(date.getTime()) ? copy.banner.connectedSince(copy.longDate(date)) : '';
    const scopes = status.scope.map((s) => copy.scopes[s] ?? s);
    const scopeText = scopes.length > 0 ? copy.banner.connectedScope(copy.list(scopes)) : '';
    return html`${sinceText ? html`<p data-since>${sinceText}</p>` : nothing}${scopeText ? html`<p data-scope>${scopeText}</p>` : nothing}`;
  }

  #renderBannerActions(copy: Copy): TemplateResult | typeof nothing {
    const retry = this._failure?.retry && !(this._failure.retry === 'status' && this._loading);
    const disconnect = this._status?.state === 'connected';
    if (!retry && !disconnect) return nothing;
    const busy = this._busy !== null;
    return html`<div class="banner-actions" part="banner-actions">
      ${retry
        ? html`<button type="button" class="secondary" part="button retry-button" data-action="retry" aria-disabled=${busy ? 'true' : nothing} @click=${this.#onRetryClick}>
            ${copy.banner.retry}
          </button>`
        : nothing}
      ${disconnect
        ? html`<button
            type="button"
            class="quiet-danger"
            part="button disconnect-button"
            data-action="disconnect"
            aria-haspopup="dialog"
            aria-disabled=${busy ? 'true' : nothing}
            aria-busy=${this._busy === 'disconnect' ? 'true' : nothing}
            @click=${this.#onDisconnectClick}
          >
            ${copy.banner.disconnect}
          </button>`
        : nothing}
    </div>`;
  }

  /** The tiles; when connected each has a count line, empty while loading (so nothing moves when the counts arrive). */
  #renderCategories(copy: Copy): TemplateResult {
    const summary = this._summary;
    const counts = typeof summary === 'object' ? summary : null;
    return html`<ul class="categories" part="categories" aria-label=${copy.categoriesLabel} aria-busy=${summary === 'loading' ? 'true' : nothing} tabindex="-1">
        ${copy.categories.map((label, i) => {
          const count = counts?.[CATEGORY_IDS[i]!];
          return html`<li class="category" part="category">
            <span aria-hidden="true">${CATEGORY_EMOJI[i]}</span>${label}
            ${summary ? html`<span class="count" part="category-count">${count === undefined ? '' : copy.count(count)}</span>` : nothing}
          </li>`;
        })}
      </ul>
      ${summary === 'failed'
        ? html`<p class="counts-note" part="counts-note">
            ${copy.countsFailed}
            <button type="button" class="secondary" part="button" data-action="counts-retry" @click=${this.#onCountsRetryClick}>${copy.banner.retry}</button>
          </p>`
        : nothing}`;
  }

  #renderSteps(copy: Copy): TemplateResult {
    return html`<section aria-labelledby="steps-title">
      <h2 class="visually-hidden" id="steps-title">${copy.stepsLabel}</h2>
      <ol class="steps" part="steps">
      ${copy.steps.map(
        (step, index) => html`<li class="step" part="step" data-step=${index + 1}>
          <span class="step-number" part="step-number" aria-hidden="true">${index + 1}</span>
          <div class="step-body">
            <p class="step-kicker"><span class="visually-hidden">${copy.stepLabel(index + 1)}: </span>${step.kicker}</p>
            <h3>${step.title}</h3>
            <p>${step.body}</p>
            ${index === 2 ? this.#renderStepButton(copy, 'authorize') : index === 3 ? this.#renderStepButton(copy, 'confirm') : nothing}
            <p class="step-note" part="step-note"><span aria-hidden="true">${STEP_NOTE_EMOJI[index]}</span><span>${step.note}</span></p>
          </div>
        </li>`,
      )}
      </ol>
    </section>`;
  }

  /** Step 3 (authorize) or step 4 (confirm): enabled only in the states where it applies. */
  #renderStepButton(copy: Copy, action: 'authorize' | 'confirm'): TemplateResult {
    const state = this._status?.state;
    const authorize = action === 'authorize';
    const available = authorize ? state === 'not_connected' || state === 'reauth_required' : state === 'authorized';
    const done = state === 'connected' || (authorize && state === 'authorized');
    const a = copy.actions;
    const label = authorize ? (done ? a.authorized : state === 'reauth_required' ? a.reauthorize : a.authorize) : done ? a.confirmed : a.confirm;
    return html`<div>
      <button
        type="button"
        part="button ${action}-button"
        data-action=${action}
        ?disabled=${!available}
        aria-disabled=${available && this._busy !== null ? 'true' : nothing}
        aria-busy=${this._busy === action ? 'true' : nothing}
        @click=${authorize ? this.#onAuthorizeClick : this.#onConfirmClick}
      >
        ${done ? html`<span aria-hidden="true">✓ </span>` : nothing}${label}
      </button>
    </div>`;
  }

  #renderPrivacy(copy: Copy): TemplateResult {
    return html`<section class="panel privacy" part="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title"><span aria-hidden="true">🔒 </span>${copy.privacy.title}</h2>
      <ul>
        ${copy.privacy.items.map(
          ([lead, text], i) => html`<li><span aria-hidden="true">${PRIVACY_EMOJI[i]}</span><p><strong>${lead}</strong> ${text}</p></li>`,
        )}
      </ul>
    </section>`;
  }

  /** The access log: the last events, newest first, each a sentence with its date and time. */
  #renderActivity(copy: Copy): TemplateResult | typeof nothing {
    if (this._activity.length === 0) return nothing;
    const a = copy.activity;
    const format = new Intl.DateTimeFormat(copy.lang, { dateStyle: 'medium', timeStyle: 'short' });
    return html`<section class="panel" part="activity" aria-labelledby="activity-title">
      <h2 id="activity-title">${a.title}</h2>
      <ol class="log" part="activity-list">
        ${this._activity.map((e) => {
          const date = new Date(e.at);
          const feature = e.feature ?? '';
          return html`<li part="activity-event">
            <span>${a.event(e.action, e.outcome === 'success', Object.hasOwn(a.features, feature) ? a.features[feature]! : feature) ?? e.action}</span>
            <time datetime=${e.at}>${Number.isNaN(date.getTime()) ? e.at : format.format(date)}</time>
          </li>`;
        })}
      </ol>
    </section>`;
  }

  #renderDialog(copy: Copy): TemplateResult {
    return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text" @close=${this.#onDialogClose}>
      <div class="dialog-body">
        <h2 id="dialog-title">${copy.dialog.title}</h2>
        <p id="dialog-text">${copy.dialog.body}</p>
        <div class="dialog-actions">
          <button type="button" class="secondary" part="button" data-dialog-cancel autofocus @click=${this.#onDialogCancel}>${copy.dialog.cancel}</button>
          <button type="button" class="danger" part="button" data-dialog-confirm @click=${this.#onDialogConfirm}>${copy.dialog.confirm}</button>
        </div>
      </div>
    </dialog>`;
  }
}
