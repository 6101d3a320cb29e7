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

/** What is redacted, as pino redact paths: every secret field at the top level and one level down. */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export const CENSOR = '[redacted]';

/**
 * pino redacts the paths without a wildcard itself (one redactor per named key, cheap). The
 * `*.<field>` paths are applied here instead: pino runs the wildcard paths as a generic redactor
 * (a selective clone, then JSON) over every top-level value of every line, even a number or the
 * message, which made the request line (child + info) cost ~25 µs of CPU against ~2 µs this way
 * (one level of own-property checks, copying only what it changes; microbenchmark, no-op stream).
 * Same output: logger.test.ts compares the two on every shape of line.
 */
const LITERAL_PATHS = REDACT_PATHS.filter((path) => !path.startsWith('*.'));
const SECRET = new Set(SECRET_FIELDS);
const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** `*.<field>` for one top-level value: its own secret fields censored, in a copy when there are any. */
function redactFieldsOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const field of SECRET_FIELDS) {
    if (!hasOwn(value, field)) continue;
    if (copy === undefined) {
      // Like pino's redactor: same prototype (toJSON keeps working), own enumerable properties.
      copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
      for (const key in value) if (hasOwn(value, key)) copy[key] = (value as Record<string, unknown>)[key];
    }
    copy[field] = CENSOR;
  }
  return copy ?? value;
}

/** The wildcard paths over a log object (merging object or child bindings); top-level secret keys are pino's. */
function redactNestedSecrets(object: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in object) {
    // `err` is redacted after its serializer has turned the error into plain fields (below).
    if (!hasOwn(object, key) || SECRET.has(key) || key === 'err') continue;
    const value = object[key];
    const redacted = redactFieldsOf(value);
    if (redacted !== value) (out ??= { ...object })[key] = redacted;
  }
  return out ?? object;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'healthex-connect' },
      redact: { paths: LITERAL_PATHS, censor: CENSOR },
      formatters: { log: redactNestedSecrets, bindings: redactNestedSecrets },
      serializers: { err: (error: Error) => redactFieldsOf(pino.stdSerializers.err(error)) },
    },
    destination,
  );
  // pino gives a child's bindings to formatters.bindings only for the root logger; children (which
  // inherit this method) get the same treatment here.
  type Child = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const pinoChild = logger.child as unknown as Child;
  const child: Child = function (bindings, options) {
    return pinoChild.call(this, redactNestedSecrets(bindings), options);
  };
  logger.child = child as unknown as Logger['child'];
  return logger;
}
