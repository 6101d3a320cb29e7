/** The shapes of the connect controller's state and of what it needs from its element. */
import type { ReactiveControllerHost } from 'lit';
import type { ConnectClient } from './api-client.js';
import type { NavigationSeam } from './navigation.js';
import type { ActivityEvent, DisplayMode, HealthexErrorCode, RecordsSharing, RecordsSummary, RecordsUpdate, TokenProvider } from './types.js';

export type Action = 'status' | 'authorize' | 'confirm' | 'disconnect';
export type Busy = Exclude<Action, 'status'>;
/** Where an authorization was started from: the waiting state is shown there. */
export type Origin = 'banner' | 'step' | 'host';

export interface Failure {
  code: HealthexErrorCode;
  /** What Try again does again; null when there is nothing to retry. */
  retry: Action | null;
  /** Reported by the HealthEx callback rather than by a call. */
  fromCallback?: boolean;
}

/** The tiles' data: the summary, still loading, failed, or nothing to show (not connected). */
export type Summary = RecordsSummary | 'loading' | 'failed' | null;
export type UpdateState = RecordsUpdate | 'running' | 'failed' | null;
export type Notice = 'denied' | 'closed' | null;

/** What the controller needs from its element. */
export interface ConnectHost extends ReactiveControllerHost, HTMLElement {
  apiBase: string | undefined;
  token: string | undefined;
  tokenProvider: TokenProvider | undefined;
  mode: DisplayMode;
  returnUrl: string | undefined;
  navigation: NavigationSeam;
  /** The message shown for a failure, in the widget's language (also the error event's message). */
  failureMessage(failure: Failure): string;
}

/** The connect controller's state the reads for the regions below the banner fill in, and what they need from it. */
export interface RecordsTarget {
  readonly client: ConnectClient | null;
  /** Bumped whenever the connection these reads are for changes: an answer for an older one is dropped. */
  readonly extrasSeq: number;
  summary: Summary;
  sharing: RecordsSharing | null;
  update: UpdateState;
  activity: ActivityEvent[];
  /** Where the next-older screen of the activity log starts (null: nothing older). */
  activityEarlier: string | null;
  /** Asks the element to render. */
  changed(): void;
  /** `extras: false`: after a REAUTH_REQUIRED count read the counts are not asked for again. */
  loadStatus(extras: boolean): Promise<void>;
}

/**
 * Those reads (records-loader.ts, shipped in the page file); null when that file did not load.
 * Written out rather than `typeof import('./records-loader.js')`, which imports this file: a circle.
 */
export type RecordsReads = () => Promise<{
  loadExtras(target: RecordsTarget, connected: boolean, counts: boolean): Promise<void>;
} | null>;
