/**
 * The service logger (pino's own `redact`, with the explicit paths of logger.ts) never writes a
 * secret: for every shape of line the service logs (request lines, audit events, errors with fields,
 * errors logged directly, child and grandchild bindings, request/response headers, top-level
 * fields), every secret-bearing field is censored, everything else is written as given, and the
 * logged objects are not changed.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CENSOR, createLogger, LOGGED_OBJECTS, REDACT_PATHS, SECRET_FIELDS } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  return { lines, stream, logger: createLogger('trace', stream as never) };
}

const SECRET = 'sekrit-value-0123456789';

class DriverError extends Error {
  code = 11000;
  codeName = 'DuplicateKey';
  constructor() {
    super('E11000 duplicate key');
    this.name = 'MongoServerError';
  }
}

type Json = Record<string, unknown>;
const at = (line: Json, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], line);

interface Shape {
  name: string;
  write: (log: ReturnType<typeof createLogger>) => void;
  /** Dotted paths that must read CENSOR in the line. */
  censored: string[];
  /** Paths that must be written as given (so redaction does not eat the line). */
  kept: Record<string, unknown>;
}

const SHAPES: Shape[] = [
  {
    name: 'request line (child with a request id, then info)',
    write: (log) => log.child({ requestId: 'r-1' }).info({ method: 'GET', path: '/trpc/connection.status', status: 200, ip: '127.0.0.1', ms: 3 }, 'request'),
    censored: [],
    kept: { requestId: 'r-1', method: 'GET', path: '/trpc/connection.status', status: 200, ip: '127.0.0.1', msg: 'request' },
  },
  {
    name: 'audit event',
    write: (log) => log.info({ audit: { action: 'token.use', outcome: 'success', requestId: 'r', userSub: 's', code: SECRET, token: SECRET, verifier: SECRET } }, 'audit token.use success'),
    censored: ['audit.code', 'audit.token', 'audit.verifier'],
    kept: { 'audit.action': 'token.use', 'audit.userSub': 's' },
  },
  {
    name: 'error with secret-bearing fields, beside other fields',
    write: (log) => log.error({ err: Object.assign(new Error('with secrets'), { accessToken: SECRET, refresh_token: SECRET, client_secret: SECRET, status: 502 }), path: 'connection.begin' }, 'tRPC internal error'),
    censored: ['err.accessToken', 'err.refresh_token', 'err.client_secret'],
    kept: { 'err.message': 'with secrets', 'err.status': 502, path: 'connection.begin' },
  },
  {
    name: 'driver error (its numeric code is a `code` field too)',
    write: (log) => log.error({ err: new DriverError() }, 'unhandled error'),
    censored: ['err.code'],
    kept: { 'err.codeName': 'DuplicateKey', 'err.message': 'E11000 duplicate key' },
  },
  {
    name: 'error logged directly',
    write: (log) => log.warn(Object.assign(new Error('logged directly'), { password: SECRET, codeVerifier: SECRET })),
    censored: ['err.password', 'err.codeVerifier'],
    kept: { 'err.message': 'logged directly', msg: 'logged directly' },
  },
  {
    name: 'err that is not an Error',
    write: (log) => log.warn({ err: { code: SECRET, message: 'not an Error' } }, 'plain err'),
    censored: ['err.code'],
    kept: { 'err.message': 'not an Error' },
  },
  {
    name: 'top-level secret fields',
    write: (log) => log.info({ token: SECRET, code: SECRET, connectToken: SECRET, password: SECRET, authorization: SECRET, verifier: { nested: SECRET } }, 'top-level secrets'),
    censored: ['token', 'code', 'connectToken', 'password', 'authorization', 'verifier'],
    kept: { msg: 'top-level secrets' },
  },
  {
    name: 'request and response headers',
    write: (log) => log.info({ req: { method: 'GET', headers: { authorization: `Bearer ${SECRET}`, cookie: SECRET, host: 'x' } }, res: { statusCode: 200, headers: { 'set-cookie': [SECRET], 'content-type': 'x' } } }, 'req'),
    censored: ['req.headers.authorization', 'req.headers.cookie', 'res.headers.set-cookie'],
    kept: { 'req.headers.host': 'x', 'res.headers.content-type': 'x', 'res.statusCode': 200 },
  },
  {
    name: 'child bindings with a secret',
    write: (log) => log.child({ requestId: 'r-2', secret: SECRET, code: SECRET }).info({ a: 1 }, 'child bindings'),
    censored: ['secret', 'code'],
    kept: { requestId: 'r-2', a: 1 },
  },
  {
    name: 'grandchild bindings with a secret (a back-end call: request id, then the calling service)',
    write: (log) => log.child({ requestId: 'r-3' }).child({ service: 'health-decisions', refreshToken: SECRET }).warn({ cause: 'MongoNetworkError' }, 'grandchild'),
    censored: ['refreshToken'],
    kept: { requestId: 'r-3', service: 'health-decisions', cause: 'MongoNetworkError' },
  },
];

describe('service logger redaction', () => {
  it('names every path explicitly (no wildcard redactor on every line)', () => {
    expect(REDACT_PATHS.filter((path) => path.includes('*'))).toEqual([]);
    for (const field of SECRET_FIELDS) {
      expect(REDACT_PATHS).toContain(field);
      for (const object of LOGGED_OBJECTS) expect(REDACT_PATHS).toContain(`${object}.${field}`);
    }
  });

  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('censors every secret-bearing field: %s', (_name, shape) => {
    const { lines, logger } = capture();
    shape.write(logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
    const line = JSON.parse(lines[0]!) as Json;
    const read = (path: string) => (path.startsWith('res.headers.') || path.startsWith('req.headers.') ? (at(line, path.split('.').slice(0, 2).join('.')) as Json)[path.split('.').slice(2).join('.')] : at(line, path));
    for (const path of shape.censored) expect([path, read(path)]).toEqual([path, CENSOR]);
    for (const [path, value] of Object.entries(shape.kept)) expect([path, read(path)]).toEqual([path, value]);
  });

  it('censors each secret field wherever a line can carry it: top level, in an error, in an audit event', () => {
    const { lines, logger } = capture();
    for (const field of SECRET_FIELDS) {
      logger.info({ [field]: SECRET }, 'top');
      logger.info({ err: Object.assign(new Error('e'), { [field]: SECRET }) }, 'err');
      logger.info({ audit: { action: 'x', [field]: SECRET } }, 'audit');
      logger.child({ [field]: SECRET }).info('child');
    }
    expect(lines).toHaveLength(SECRET_FIELDS.length * 4);
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.filter((line) => line.includes(`"${CENSOR}"`))).toHaveLength(lines.length);
  });

  it('does not change the logged objects', () => {
    const { lines, logger } = capture();
    const audit = { action: 'x', code: SECRET };
    const error = new DriverError();
    logger.info({ audit, err: error }, 'line');
    expect(audit.code).toBe(SECRET);
    expect(error.code).toBe(11000);
    expect(lines.join('')).not.toContain(SECRET);
  });
});
