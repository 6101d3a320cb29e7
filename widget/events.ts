/**
 * The widget's events. All bubble and are composed (they cross shadow boundaries), and carry typed
 * details; `HTMLElementEventMap` is augmented so `addEventListener('healthex-connected', …)` is typed.
 */
import type { ConnectionStatus, HealthexErrorCode } from './types.js';

export interface HealthexStatusChangeDetail {
  status: ConnectionStatus;
  /** null for the first status the widget reads. */
  previous: ConnectionStatus | null;
}
export interface HealthexConnectedDetail {
  status: ConnectionStatus;
}
export interface HealthexDisconnectedDetail {
  status: ConnectionStatus;
}
export interface HealthexErrorDetail {
  /** Stable: a connect-service code, `NETWORK`, `POPUP_BLOCKED` or a `CONFIGURATION_*` code. */
  code: HealthexErrorCode;
  /** The plain-language message shown to the user, in the widget's locale. */
  message: string;
  /** For developers, never shown on the page: the service's message, or the fix for a `CONFIGURATION_*` code. */
  detail: string;
}

export interface HealthexReadyDetail {
  /** The first status the widget read from the service. */
  status: ConnectionStatus;
}

/**
 * Why the user left the authorization without finishing it (stable values):
 * `popup_closed` (the HealthEx window was closed), `cancelled` (the widget's Cancel), `denied`
 * (the user refused consent at HealthEx), `error` (the authorization failed; see `code`).
 */
export type HealthexExitReason = 'popup_closed' | 'cancelled' | 'denied' | 'error';
export interface HealthexExitDetail {
  reason: HealthexExitReason;
  /** For `error`: the stable error code. */
  code?: HealthexErrorCode;
}

export type HealthexReadyEvent = CustomEvent<HealthexReadyDetail>;
export type HealthexExitEvent = CustomEvent<HealthexExitDetail>;
export type HealthexStatusChangeEvent = CustomEvent<HealthexStatusChangeDetail>;
export type HealthexConnectedEvent = CustomEvent<HealthexConnectedDetail>;
export type HealthexDisconnectedEvent = CustomEvent<HealthexDisconnectedDetail>;
export type HealthexErrorEvent = CustomEvent<HealthexErrorDetail>;

export interface HealthexEventMap {
  'healthex-ready': HealthexReadyEvent;
  'healthex-exit': HealthexExitEvent;
  'healthex-status-change': HealthexStatusChangeEvent;
  'healthex-connected': HealthexConnectedEvent;
  'healthex-disconnected': HealthexDisconnectedEvent;
  'healthex-error': HealthexErrorEvent;
}

export type HealthexEventName = keyof HealthexEventMap;
type DetailOf<K extends HealthexEventName> = HealthexEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Creates one of the widget's events: bubbling, composed, not cancelable. */
export function healthexEvent<K extends HealthexEventName>(name: K, detail: DetailOf<K>): HealthexEventMap[K] {
  return new CustomEvent(name, { detail, bubbles: true, composed: true }) as HealthexEventMap[K];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends HealthexEventMap {}
}
