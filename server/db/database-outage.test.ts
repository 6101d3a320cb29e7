/**
 * Outage recognition by the driver's classes and labels (T28). The real driver's errors come from
 * real failures: a server nobody listens on, and a client used after it was closed.
 */
import { MongoClient, MongoError, MongoNetworkError, MongoNetworkTimeoutError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { freePort } from '../net/free-port.js';
import { isDatabaseUnavailable } from './database-outage.js';

async function thrownBy(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('isDatabaseUnavailable', () => {
  it('recognises the errors a real driver throws when no server answers or the client is closed', async () => {
    const port = await freePort();
    const nobody = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 300 });
    const selection = await thrownBy(() => nobody.db('x').collection('y').findOne({}));
    expect((selection as Error).name).toBe('MongoServerSelectionError');
    expect(isDatabaseUnavailable(selection)).toBe(true);
    await nobody.close();
    const closed = await thrownBy(() => nobody.db('x').collection('y').findOne({}));
    expect(isDatabaseUnavailable(closed)).toBe(true);
  });

  it('recognises network errors and their subclasses (timeouts, the cleared pool) by class', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connection reset'))).toBe(true);
    expect(isDatabaseUnavailable(new MongoNetworkTimeoutError('socket timed out'))).toBe(true);
  });

  it('recognises the driver labels for a reset pool or an overloaded server', () => {
    const overloaded = new MongoServerError({ message: 'overloaded', errorLabels: ['SystemOverloadedError', 'RetryableError'] });
    expect(isDatabaseUnavailable(overloaded)).toBe(true);
    const reset = new MongoError('pool reset');
    reset.addErrorLabel('ResetPool');
    expect(isDatabaseUnavailable(reset)).toBe(true);
  });

  it('does not take other errors for an outage, whatever they are named', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(false);
    const impostor = new Error('not the driver');
    impostor.name = 'MongoPoolClearedError';
    expect(isDatabaseUnavailable(impostor)).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('MongoNetworkError')).toBe(false);
  });
});
