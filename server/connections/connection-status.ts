/**
 * The states a user's HealthEx connection can be in (DESIGN.md section 2) and the view of it that
 * the widget receives. The view carries no secret: never add a token, verifier or code here.
 */
export const CONNECTION_STATES = ['not_connected', 'authorized', 'connected', 'reauth_required'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ConnectionStatus {
  state: ConnectionState;
  /** Scopes HealthEx granted; empty when no tokens are stored. */
  scope: string[];
  /** When the current authorization was stored (ISO 8601), null when not_connected. */
  authorizedAt: string | null;
  /** When the user turned personalisation on (ISO 8601), null unless connected. */
  connectedAt: string | null;
}

export const NOT_CONNECTED: ConnectionStatus = Object.freeze({
  state: 'not_connected',
  scope: [],
  authorizedAt: null,
  connectedAt: null,
}) as ConnectionStatus;
