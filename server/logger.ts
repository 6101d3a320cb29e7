/**
 * Structured logs (pino). Secrets must never be logged in the first place; redaction is the second
 * line of defence for the field names that could carry one, at the places our lines put them.
 * Request lines log the path without the query string, because the callback's query carries the
 * authorization code.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Field names that could carry a token, code, verifier or password. */
export const SECRET_FIELDS = [
  'authorization',
  'token',
  'connectToken',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'code',
  'code_verifier',
  'codeVerifier',
  'verifier',
  'client_secret',
  'secret',
  'password',
] as const;

/**
 * The objects our lines log that hold fields of their own: a serialized error (`err`: an OAuth or
 * HTTP library's error can carry the request it failed on) and an audit event (`audit`). Everything
 * else a line logs is a scalar (request id, path, status, user key, address, timings).
 */
export const LOGGED_OBJECTS = ['err', 'audit'] as const;

/**
 * pino redact paths, all explicit (no wildcard): pino compiles one cheap redactor per named path,
 * where a `*.field` wildcard would run a generic redactor over every top-level value of every line.
 */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...LOGGED_OBJECTS.flatMap((object) => SECRET_FIELDS.map((field) => `${object}.${field}`)),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export const CENSOR = '[redacted]';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'healthex-connect' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
