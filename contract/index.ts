/**
 * What the widget and the connect service share: error codes, connection states, display modes and
 * the callback protocol (the router's type is `healthex-connect-contract/app-router`). Values here are plain constants (no run-time imports),
 * so bundling the contract costs the widget only the strings it uses.
 */
export { APP_ERROR_CODES, isAppErrorCode, type AppErrorCode } from './error-codes.js';
export { CONNECTION_STATES, DISPLAY_MODES, type ConnectionState, type ConnectionStatus, type DisplayMode } from './connection.js';
export { ATTEMPT_PARAM, AUTHORIZATION_RESULTS, ERROR_PARAM, MESSAGE_SOURCE, RESULT_PARAM, type AuthorizationResult, type CallbackMessage } from './callback-protocol.js';
