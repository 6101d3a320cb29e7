import type { Logger } from 'pino';
import type { Collection } from 'mongodb';
import type { AuditEventDocument } from '../db/collections.js';
import type { AuditEventInput, AuditLog } from './audit-log.js';

/**
 * Appends audit events to MongoDB and mirrors them to the structured log. A failed audit write is
 * logged loudly but does not fail the user's request: the log line still records the event.
 */
export function createMongoAuditLog(collection: Collection<AuditEventDocument>, log: Logger): AuditLog {
  return {
    async record(event: AuditEventInput) {
      const { user, ...rest } = event;
      const document: AuditEventDocument = { ...rest, at: new Date(), ...(user ? { userIss: user.iss, userSub: user.sub } : {}) };
      log.info({ audit: document }, `audit ${event.action} ${event.outcome}`);
      try {
        await collection.insertOne(document);
      } catch (error) {
        log.error({ err: error, audit: { action: event.action } }, 'audit event could not be stored');
      }
    },
  };
}
