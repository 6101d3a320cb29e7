/**
 * The states a user's HealthEx connection can be in (docs/architecture.md section 2) and the view of it that
 * the widget receives. The view carries no secret: never add a token, verifier or code here.
 */
import type { ConnectionStatus } from 'healthex-connect-contract';

export { CONNECTION_STATES, type ConnectionState, type ConnectionStatus } from 'healthex-connect-contract';

export const NOT_CONNECTED: ConnectionStatus = Object.freeze({
  state: 'not_connected',
  scope: [],
  authorizedAt: null,
  connectedAt: null,
}) as ConnectionStatus;
