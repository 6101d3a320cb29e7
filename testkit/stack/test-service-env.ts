/**
 * The configuration every in-process test service starts from (the test stack, the fault stack,
 * the paused-database test): one trusted test issuer and page origin, a fresh key ring, generous
 * rate limits (tests of the limits set their own), and a logger whose lines the test can read.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../server/logger.js';

export const TEST_ISSUER = 'https://salus.test';
export const TEST_ORIGIN = 'https://app.salus.test';
export const TEST_RETURN_URL = `${TEST_ORIGIN}/precision-medicine?tab=records`;

export interface TestServiceEnvOptions {
  healthexIssuer: string;
  dbName: string;
  /** The test issuer's HS256 secret, to mint connect tokens with. */
  issuerSecret: Uint8Array;
  port: string;
  /** Extra fields of the trusted issuer (its display name, home URL). */
  host?: Record<string, unknown>;
}

export function testServiceEnv(options: TestServiceEnvOptions) {
  return {
    HOST: '127.0.0.1',
    PORT: options.port,
    HEALTHEX_ISSUER: options.healthexIssuer,
    MONGODB_DB: options.dbName,
    TOKEN_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY: 'test1',
    CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: TEST_ISSUER, secret: Buffer.from(options.issuerSecret).toString('base64url'), allowedOrigins: [TEST_ORIGIN], ...options.host }]),
    LOG_LEVEL: 'debug',
    RATE_LIMIT_BEGIN_PER_MINUTE: '100000',
    RATE_LIMIT_CALLBACK_PER_MINUTE: '100000',
  };
}

/** A logger that keeps every line it writes, for tests that search the log. */
export function capturingLogger(level: string): { log: Logger; logs: string[] } {
  const logs: string[] = [];
  const log = createLogger(level, new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) }));
  return { log, logs };
}
