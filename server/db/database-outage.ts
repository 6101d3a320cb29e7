/**
 * What the MongoDB driver's errors mean to a caller: the ones that say "the database cannot be
 * reached" answer 503 (SERVICE_UNAVAILABLE), not 500. The only module that knows driver error names.
 */
import { ConnectError } from '../errors.js';

const DATABASE_UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'PoolClearedError',
  'PoolClosedError',
]);

/** True for driver errors that mean "the database cannot be reached", which answer 503, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && DATABASE_UNAVAILABLE_ERRORS.has(error.name);
}

/** Maps anything thrown to what a caller may see: expected errors as they are, outages as 503. */
export function toConnectError(error: unknown): ConnectError | null {
  if (error instanceof ConnectError) return error;
  if (isDatabaseUnavailable(error)) return new ConnectError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again shortly.', { cause: error });
  return null;
}
