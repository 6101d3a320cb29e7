/**
 * What the templates render from: a snapshot of the controller's state with the copy already chosen,
 * and the handlers the element binds. The templates are pure functions of these two.
 */
import type { Copy } from '../locales/index.js';
import type { Busy, Notice, Origin, Summary, UpdateState } from '../connect-controller.js';
import type { ActivityEvent, ConnectionStatus, RecordsSharing } from '../types.js';

export type Look = 'loading' | 'error' | ConnectionStatus['state'];

export interface View {
  copy: Copy;
  look: Look;
  status: ConnectionStatus | null;
  busy: Busy | null;
  /** The failure's message, when there is one. */
  problem: string | null;
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
  links: { account: string; manage: string; privacy: string | undefined; back: string | undefined };
}

export interface Handlers {
  authorize(origin: Origin): void;
  confirm(): void;
  disconnect(): void;
  retry(): void;
  countsRetry(): void;
  showPopup(): void;
  cancelPopup(): void;
  getLatest(): void;
  activityEarlier(): void;
  dialogCancel(): void;
  dialogConfirm(): void;
  dialogClose(): void;
}
