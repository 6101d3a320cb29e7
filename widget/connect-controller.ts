/**
 * Everything `<healthex-connect>` says to the connect service, in order: the status, then (when
 * connected) the record counts and what is shared, the access log; the authorization (popup or
 * redirect), confirm, disconnect, "Get latest records"; and the events the host page hears. A Lit
 * reactive controller: it keeps the state, asks its host to render when it changes, and leaves
 * focus and markup to others (focus.ts, templates/).
 */
import type { ReactiveController } from 'lit';
import { ConnectApiError, ConnectClient, toConnectApiError } from './api-client.js';
import { startAuthorization, watchPopup } from './authorization-flow.js';
import { withoutReturnFlag, type CallbackResult } from './callback-result.js';
import { healthexEvent, type HealthexExitReason } from './events.js';
import { confirmReturnFlag, withAttempt } from './return-attempt.js';
import { CONFIGURATION_FIX, TOKEN_GRACE_MS, isConfigurationCode, validApiBase, warnConfiguration } from './configuration.js';
import type { Action, Busy, ConnectHost, Failure, Notice, Origin, RecordsReads, RecordsTarget, Summary, UpdateState } from './connect-state.js';
import type { ActivityEvent, ConfigurationErrorCode, ConnectionStatus, HealthexErrorCode, RecordsSharing, TokenProvider } from './types.js';

export type { Action, Busy, ConnectHost, Failure, Notice, Origin, Summary, UpdateState } from './connect-state.js';

/** Statuses are small plain JSON objects from the same serializer: equal text, equal status. */
const sameStatus = (a: ConnectionStatus | null, b: ConnectionStatus): boolean => JSON.stringify(a) === JSON.stringify(b);

export class ConnectController implements ReactiveController, RecordsTarget {
  status: ConnectionStatus | null = null;
  loading = false;
  busy: Busy | null = null;
  failure: Failure | null = null;
  notice: Notice = null;
  summary: Summary = null;
  sharing: RecordsSharing | null = null;
  update: UpdateState = null;
  activity: ActivityEvent[] = [];
  /** Where the next-older screen of the activity log starts (null: nothing older). */
  activityEarlier: string | null = null;
  /** When Disconnect succeeded on this page; the banner says so until the state changes. */
  disconnectedAt: Date | null = null;
  /** The HealthEx popup, while it is open, and where it was opened from. */
  waiting: { popup: Window; origin: Origin } | null = null;
  /** Where the last authorization was started (for focus when it ends). */
  origin: Origin = 'step';

  readonly #host: ConnectHost;
  #client: ConnectClient | null = null;
  #clientBase: string | undefined;
  #seen: { apiBase: string | undefined; token: string | undefined; tokenProvider: TokenProvider | undefined } | null = null;
  #loadSeq = 0;
  #extrasSeq = 0;
  #stopWatching: (() => void) | null = null;
  #ready = false;
  /** The wait for a token after connecting (configuration.ts); over once it fired. */
  #grace: ReturnType<typeof setTimeout> | 'over' | null = null;
  /** Configuration warnings already written to the console. */
  readonly #warned = new Set<string>();

  readonly #records: RecordsReads;

  /** `records`: the reads behind the regions below the banner, from the page file (records-loader.ts). */
  constructor(host: ConnectHost, records: RecordsReads) {
    this.#host = host;
    this.#records = records;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    if (this.#grace !== 'over' && this.#grace !== null) clearTimeout(this.#grace);
    this.#grace = null;
  }

  #changed(): void {
    this.#host.requestUpdate();
  }

  /**
   * Makes the client match `apiBase`, and reads the status when the credentials changed and either no
   * status is known yet or `apiBase` changed. Runs on connect and before every update; returns the
   * status read it started, if any.
   */
  configure(): Promise<void> | null {
    const { apiBase, token, tokenProvider } = this.#host;
    const seen = this.#seen;
    this.#seen = { apiBase, token, tokenProvider };
    const base = validApiBase(apiBase) ?? undefined;
    if (base !== this.#clientBase) {
      this.#clientBase = base;
      this.#client = base
        ? new ConnectClient({
            apiBase: base,
            tokens: () => ({ token: this.#host.token, provider: this.#host.tokenProvider }),
          })
        : null;
      this.status = null;
      this.#clearExtras();
    }
    const baseChanged = seen === null || apiBase !== seen.apiBase;
    const credentialsChanged = baseChanged || token !== seen.token || tokenProvider !== seen.tokenProvider;
    const hasToken = typeof tokenProvider === 'function' || Boolean(token);
    this.#checkConfiguration(hasToken);
    return credentialsChanged && this.#client && hasToken && (this.status === null || baseChanged) ? this.loadStatus() : null;
  }

  /**
   * What is wrong with the element's set-up now, if anything: an `api-base` that is not a URL at once;
   * a missing `api-base` or token only after the grace (`whenever`: at once, for open()).
   */
  configurationProblem(whenever = false): ConfigurationErrorCode | null {
    const { apiBase, token, tokenProvider } = this.#host;
    const given = Boolean(apiBase?.trim());
    if (given && !validApiBase(apiBase)) return 'CONFIGURATION_API_BASE';
    if (isConfigurationCode(this.failure?.code)) return this.failure.code;
    if (!whenever && this.#grace !== 'over') return null;
    if (!given) return 'CONFIGURATION_API_BASE';
    return typeof tokenProvider === 'function' || token ? null : 'CONFIGURATION_NO_TOKEN';
  }

  /** Open() was called while the set-up is wrong: the same warning again. */
  warnConfiguration(code: ConfigurationErrorCode): void {
    warnConfiguration(this.#warned, code, true);
  }

  #checkConfiguration(hasToken: boolean): void {
    if (this.#grace === null && (!hasToken || !this.#host.apiBase?.trim())) {
      this.#grace = setTimeout(() => {
        this.#grace = 'over';
        this.#checkConfiguration(typeof this.#host.tokenProvider === 'function' || Boolean(this.#host.token));
      }, TOKEN_GRACE_MS);
    }
    const problem = this.configurationProblem();
    const current = this.failure?.code;
    if (problem && problem !== current && !(problem === 'CONFIGURATION_NO_TOKEN' && current === 'CONFIGURATION_TOKEN_PROVIDER')) {
      this.fail(new ConnectApiError(problem, CONFIGURATION_FIX[problem]), null);
    } else if (!problem && isConfigurationCode(current) && current !== 'CONFIGURATION_TOKEN_PROVIDER') {
      this.failure = null;
      this.#changed();
    }
  }

  #clearExtras(): void {
    this.summary = null;
    this.sharing = null;
    this.update = null;
    this.activity = [];
    this.activityEarlier = null;
    this.#extrasSeq++;
  }


  /** `extras: false` after a REAUTH_REQUIRED count read: the counts are not asked for again. */
  async loadStatus(extras = true): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const seq = ++this.#loadSeq;
    this.loading = true;
    this.#changed();
    try {
      const status = await client.status();
      if (seq !== this.#loadSeq) return;
      if (this.failure?.retry === 'status' || isConfigurationCode(this.failure?.code)) this.failure = null;
      this.applyStatus(status, extras);
    } catch (error) {
      if (seq !== this.#loadSeq) return;
      this.fail(toConnectApiError(error), 'status');
    } finally {
      if (seq === this.#loadSeq) {
        this.loading = false;
        this.#changed();
      }
    }
  }

  applyStatus(status: ConnectionStatus, extras = true): void {
    const previous = this.status;
    this.status = status;
    if (status.state !== 'not_connected') this.disconnectedAt = null;
    this.#changed();
    void this.loadExtras(status.state === 'connected', extras);
    if (!this.#ready) {
      this.#ready = true;
      this.#emit('healthex-ready', { status });
    }
    if (sameStatus(previous, status)) return;
    this.#emit('healthex-status-change', { status, previous });
    if (previous !== null && previous.state !== status.state) {
      if (status.state === 'connected') this.#emit('healthex-connected', { status });
      if (status.state === 'not_connected') this.#emit('healthex-disconnected', { status });
    }
  }

  /**
   * After every status read or change: when connected, the counts and what is shared (each on its
   * own: neither blocks the banner or the other), then the access log (after the counts, whose read
   * is itself logged as a use). The reads are in the page file (records-loader.ts): if it did not
   * load there are no regions to show them in.
   */
  async loadExtras(connected: boolean, counts = true): Promise<void> {
    if (!this.#client) return;
    const seq = ++this.#extrasSeq;
    if (!connected) {
      this.summary = null;
      this.sharing = null;
      this.update = null;
    }
    const records = await this.#records();
    if (records && seq === this.#extrasSeq) await records.loadExtras(this, connected, counts);
  }

  /** For the reads in records-loader.ts. */
  get client(): ConnectClient | null {
    return this.#client;
  }

  get extrasSeq(): number {
    return this.#extrasSeq;
  }

  changed(): void {
    this.#changed();
  }

  /** Shows a failure (patient words only) and reports it with its developer detail (console, event). */
  fail(error: ConnectApiError, retry: Action | null, fromCallback = false): void {
    const configuration = isConfigurationCode(error.code);
    this.failure = { code: error.code, retry: configuration ? null : retry, fromCallback };
    this.#changed();
    if (configuration) warnConfiguration(this.#warned, error.code);
    else console.warn(`<healthex-connect>: ${error.code}: ${error.message}`);
    this.#emit('healthex-error', { code: error.code, message: this.#host.failureMessage(this.failure), detail: configuration ? CONFIGURATION_FIX[error.code] : error.message });
  }

  /** A result flag or message from the callback (already checked by the caller). */
  /** Redirect mode: the result the service confirms for the flag on `url`, or null (return-attempt.ts). */
  async confirmReturnFlag(url: URL): Promise<CallbackResult | null> {
    const client = this.#client;
    return client && confirmReturnFlag(url, (attempt) => client.attempt(attempt));
  }

  showCallbackResult(result: CallbackResult): void {
    this.notice = result.result === 'denied' ? 'denied' : null;
    if (result.result === 'denied') this.#exit('denied');
    if (result.result === 'error') {
      const code = result.code ?? 'INTERNAL';
      this.fail(new ConnectApiError(code, code), 'authorize', true);
      this.#exit('error', code);
    } else if (this.failure?.retry === 'authorize' || this.failure?.code === 'POPUP_BLOCKED') {
      this.failure = null;
    }
    this.#changed();
  }

  #exit(reason: HealthexExitReason, code?: HealthexErrorCode): void {
    this.#emit('healthex-exit', code ? { reason, code } : { reason });
  }

  /**
   * Starts the authorization (Authorize, Reconnect, or the host's `open()`). Must run inside the
   * user's click: the popup is opened before anything is awaited. Returns false when nothing started.
   */
  authorize(origin: Origin, onSettled: (outcome: 'popup' | 'failed' | 'cancelled') => void): boolean {
    const client = this.#client;
    const state = this.status?.state;
    if (this.busy || !client || (state !== 'not_connected' && state !== 'reauth_required')) return false;
    this.notice = null;
    this.failure = null;
    this.origin = origin;
    const mode = this.#host.mode === 'redirect' ? 'redirect' : 'popup';
    const started = startAuthorization(mode, {
      navigation: this.#host.navigation,
      begin: (input) => client.begin(withAttempt(input)),
      returnUrl: this.#host.returnUrl || this.defaultReturnUrl(),
      onPopupBlocked: () => this.fail(new ConnectApiError('POPUP_BLOCKED', 'popup blocked'), null),
    });
    this.busy = 'authorize';
    this.#changed();
    started.then(
      (start) => {
        if (start.kind === 'popup') {
          this.waiting = { popup: start.popup, origin };
          this.#stopWatching?.();
          this.#stopWatching = watchPopup(start.popup, () => {
            // Closed without a message: say so, and check whether anything changed anyway.
            this.#stopWatching = null;
            this.notice = 'closed';
            this.#exit('popup_closed');
            void this.finishAuthorization().then(() => onSettled('cancelled'));
          });
          this.#changed();
          onSettled('popup');
        } else if (start.kind === 'cancelled') {
          this.busy = null;
          this.notice = 'closed';
          this.#exit('popup_closed');
          this.#changed();
          onSettled('cancelled');
        }
        // redirect: the page is leaving; stay busy.
      },
      (error: unknown) => {
        this.busy = null;
        this.fail(toConnectApiError(error), 'authorize');
        this.#exit('error', toConnectApiError(error).code);
        onSettled('failed');
      },
    );
    return true;
  }

  /** "Show the HealthEx window". */
  showPopup(): void {
    this.waiting?.popup.focus();
  }

  /** "Cancel": closes the popup and goes back to where the user was. */
  async cancelWaiting(): Promise<void> {
    const waiting = this.waiting;
    if (!waiting) return;
    this.#stopWatching?.();
    this.#stopWatching = null;
    waiting.popup.close();
    this.notice = 'closed';
    this.#exit('cancelled');
    await this.finishAuthorization();
  }

  /** A checked message from the popup. */
  popupResult(result: CallbackResult): Promise<void> {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.showCallbackResult(result);
    return this.finishAuthorization();
  }

  /** After the popup: re-read the status (never trusting the message), then leave the waiting state. */
  async finishAuthorization(): Promise<void> {
    this.waiting = null;
    await this.loadStatus();
    if (this.busy === 'authorize') this.busy = null;
    this.#changed();
  }

  /** Confirm or disconnect; resolves to whether it succeeded. */
  async mutate(action: 'confirm' | 'disconnect'): Promise<boolean> {
    const client = this.#client;
    if (this.busy || !client) return false;
    this.busy = action;
    this.failure = null;
    this.notice = null;
    this.#changed();
    try {
      const status = await (action === 'confirm' ? client.confirm() : client.disconnect());
      this.busy = null;
      if (action === 'disconnect' && status.state === 'not_connected') this.disconnectedAt = new Date();
      this.applyStatus(status);
      return true;
    } catch (error) {
      this.busy = null;
      this.fail(toConnectApiError(error), action);
      return false;
    }
  }

  defaultReturnUrl(): string {
    return withoutReturnFlag(this.#host.navigation.currentUrl()).href;
  }

  #emit<K extends Parameters<typeof healthexEvent>[0]>(name: K, detail: Parameters<typeof healthexEvent<K>>[1]): void {
    this.#host.dispatchEvent(healthexEvent(name, detail));
  }
}
