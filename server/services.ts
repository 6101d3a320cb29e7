import type { AuditLog } from './audit/audit-log.js';
import type { ConnectionService } from './connections/connection-service.js';

/** Everything a request handler may use, built once by `createConnectApp`. */
export interface ConnectServices {
  connections: ConnectionService;
  audit: AuditLog;
}
