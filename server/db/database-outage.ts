/**
 * Recognises "the database cannot be reached right now" (answered 503, never 500) through the
 * driver's exported error classes and labels, not by name strings: the names a driver reports change
 * between versions (PoolClearedError became MongoPoolClearedError), classes and labels are its API.
 *
 * - MongoNetworkError: a socket failed or timed out (MongoNetworkTimeoutError), and also the pool
 *   the driver cleared after that failure, which every request waiting on the pool then gets
 *   (the driver's pool-cleared error is a subclass);
 * - MongoServerSelectionError: no server answered within serverSelectionTimeoutMS;
 * - MongoNotConnectedError, MongoTopologyClosedError, MongoClientClosedError: the client is not (or
 *   no longer) connected, e.g. while the process shuts down;
 * - MongoOperationTimeoutError: a client-side operation timeout (timeoutMS), including the wait for
 *   a pooled connection;
 * - labels ResetPool (the pool was reset), SystemOverloadedError and RetryableError (the server
 *   itself says it is overloaded and the operation may be retried): an outage, not our fault.
 *
 * The driver does not export its pool-closed and wait-queue-timeout classes. A pool is closed only
 * when our own client closes (shutdown), which surfaces as MongoTopologyClosedError/
 * MongoClientClosedError to new operations; the wait-queue timeout only exists with the deprecated
 * waitQueueTimeoutMS, which we never set (timeoutMS raises MongoOperationTimeoutError instead).
 * The only module that knows what the driver's errors mean.
 */
import {
  MongoClientClosedError,
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { DecryptionError } from '../crypto/key-ring.js';
import { ConnectError } from '../errors.js';

const OUTAGE_CLASSES = [MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoClientClosedError, MongoOperationTimeoutError];
const OUTAGE_LABELS = [MongoErrorLabel.ResetPool, MongoErrorLabel.SystemOverloadedError, MongoErrorLabel.RetryableError];

/** True for driver errors that mean "the database cannot be reached", which answer 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (OUTAGE_CLASSES.some((outage) => error instanceof outage)) return true;
  return error instanceof MongoError && OUTAGE_LABELS.some((label) => error.hasErrorLabel(label));
}

/** What the caller sees when a stored secret does not open with this key ring (key missing, or tampered). */
export const SEALED_VALUE_UNREADABLE_MESSAGE =
  'Your stored HealthEx authorization cannot be read by this service right now (an encryption key is unavailable). Please try again later.';

/**
 * Maps anything thrown to what a caller may see: expected errors as they are, outages as 503, and a
 * stored value that does not open (checked at start-up, so only a key removed since, or tampering)
 * as 503 too — the operator's to fix, never a 500. The caller that opened it audits it.
 */
export function toConnectError(error: unknown): ConnectError | null {
  if (error instanceof ConnectError) return error;
  if (error instanceof DecryptionError) return new ConnectError('SERVICE_UNAVAILABLE', SEALED_VALUE_UNREADABLE_MESSAGE, { cause: error });
  if (isDatabaseUnavailable(error)) return new ConnectError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again shortly.', { cause: error });
  return null;
}
