/**
 * The states a user's HealthEx connection can be in, the view of it the widget receives, and how
 * step 3 opens HealthEx. The view carries no secret: never add a token, verifier or code here.
 */
export const CONNECTION_STATES = ['not_connected', 'authorized', 'connected', 'reauth_required'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** The connection as the connect service reports it (never a token). */
export interface ConnectionStatus {
  state: ConnectionState;
  /** Scopes HealthEx granted; empty when no tokens are stored. */
  scope: string[];
  /** When the current authorization was stored (ISO 8601), null when not_connected. */
  authorizedAt: string | null;
  /** When the user turned personalisation on (ISO 8601), null unless connected. */
  connectedAt: string | null;
}

/** How step 3 opens HealthEx: a popup window, or a full-page redirect and back. */
export const DISPLAY_MODES = ['popup', 'redirect'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];
