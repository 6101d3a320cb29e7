/**
 * What the templates render from: a snapshot of the controller's state with the copy already chosen,
 * and the handlers the element binds. The templates are pure functions of these two.
 */
import type { BannerCopy, Copy } from '../locales/index.js';
import type { Busy, Notice, Origin, Summary, UpdateState } from '../connect-controller.js';
import type { ResolvedHost } from '../host-profile.js';
import type { ActivityEvent, ConnectionStatus, RecordsSharing } from '../types.js';

/** `misconfigured`: the page's set-up is wrong (a `CONFIGURATION_*` failure). */
export type Look = 'loading' | 'error' | 'misconfigured' | ConnectionStatus['state'];

/**
 * `C`: the copy the template needs. The banner and the dialog need only the banner's (`BannerView`),
 * which is all there is before the regions below the banner have loaded; those regions get it whole.
 */
export interface View<C extends BannerCopy = Copy> {
  copy: C;
  /** The facts the host stated (host-profile.ts): claims are made only from these. */
  host: ResolvedHost;
  look: Look;
  status: ConnectionStatus | null;
  busy: Busy | null;
  /** The failure's message, when there is one. */
  problem: string | null;
  /** The host's support link, when the failure is the host's to fix and the host gave one. */
  support: string | null;
  /** When this page disconnected the records (until the state changes again). */
  disconnectedAt: Date | null;
  /** The regions below the banner did not load: the banner points to no steps below it. */
  pageMissing: boolean;
  /** Try again is offered (and not already running). */
  canRetry: boolean;
  notice: Notice;
  summary: Summary;
  sharing: RecordsSharing | null;
  update: UpdateState;
  activity: ActivityEvent[];
  /** Set when an older screen of the activity log exists ("Show earlier activity"). */
  activityEarlier: string | null;
  /** Where the HealthEx popup was opened from, while it is open. */
  waiting: Origin | null;
  /** The link attributes as the host set them, and this page's address: page-links.ts makes the links. */
  hrefs: { account: string | undefined; manage: string | undefined; back: string | undefined; here: () => URL };
}

export type BannerView = View<BannerCopy>;

/** What the regions below the banner render from: the view, with its links made (page-links.ts). */
export interface PageView extends View {
  links: { account: string; manage: string; privacy: string | undefined; back: string | undefined };
}

export interface Handlers {
  authorize(origin: Origin): void;
  confirm(): void;
  disconnect(): void;
  retry(): void;
  showPopup(): void;
  cancelPopup(): void;
  dialogCancel(): void;
  dialogConfirm(): void;
  dialogClose(): void;
}

/** The buttons below the banner add theirs (page-handlers.ts, in the page file). */
export interface PageHandlers extends Handlers {
  countsRetry(): void;
  getLatest(): void;
  activityEarlier(): void;
}
