/**
 * Structured logs (pino). Secrets must never be logged in the first place; redaction is the second
 * line of defence for the field names that could carry one. Request lines log the path without the
 * query string, because the callback's query carries the authorization code.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

const SECRET_FIELDS = [
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
];

export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'healthex-connect' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
