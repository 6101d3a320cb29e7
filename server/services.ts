import type { ActivityLog } from './activity/activity-log.js';
import type { AuditLog } from './audit/audit-log.js';
import type { ConnectionService } from './connections/connection-service.js';
import type { RecordsSummaries } from './records/records-summary.js';

/** Everything a request handler may use, built once by `createConnectApp`. */
export interface ConnectServices {
  connections: ConnectionService;
  audit: AuditLog;
  /** Record counts per category for the tiles. */
  records: RecordsSummaries;
  /** The patient-visible access log. */
  activity: ActivityLog;
}
