import type { ActivityLog } from './activity/activity-log.js';
import type { AuditLog } from './audit/audit-log.js';
import type { ConnectionService } from './connections/connection-service.js';
import type { RequestLimits } from './limits/shared-limits.js';
import type { RecordsService } from './records/records-contract.js';

/** Everything a request handler may use, built once by `createConnectApp`. */
export interface ConnectServices {
  connections: ConnectionService;
  audit: AuditLog;
  /** Limits shared by every process (begin calls per client address), counted per tRPC call. */
  limits: RequestLimits;
  /** The record tiles, sharing and updates (records-contract.ts). */
  records: RecordsService;
  /** The patient-visible access log. */
  activity: ActivityLog;
}
