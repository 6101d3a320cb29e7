/**
 * npm entry: the `<healthex-connect>` element (defined on import), its types and events.
 * The script-tag build (`healthex-connect.min.js`) is built from this file too.
 */
import './define.js';

export { HealthexConnect } from './healthex-connect.js';
export { APP_ERROR_CODES } from './types.js';
export type {
  AppErrorCode,
  AuthorizationResult,
  ConnectionState,
  ConnectionStatus,
  DisplayMode,
  HealthexErrorCode,
  RecordsSharing,
  RecordsSummary,
  RecordsUpdate,
  TokenProvider,
} from './types.js';
export type {
  HealthexConnectedDetail,
  HealthexConnectedEvent,
  HealthexDisconnectedDetail,
  HealthexDisconnectedEvent,
  HealthexErrorDetail,
  HealthexErrorEvent,
  HealthexEventMap,
  HealthexExitDetail,
  HealthexExitEvent,
  HealthexExitReason,
  HealthexReadyDetail,
  HealthexReadyEvent,
  HealthexStatusChangeDetail,
  HealthexStatusChangeEvent,
} from './events.js';
export type { HealthexConnectJsxProps } from './examples/jsx-types.js';
