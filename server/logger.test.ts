/**
 * The service logger redacts exactly what pino's own redaction with REDACT_PATHS would (the
 * wildcard half is ours, for speed: see logger.ts), for every shape of line we log: request lines,
 * audit events, errors with fields, child bindings, nested headers, secrets at any of the two levels.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CENSOR, createLogger, REDACT_PATHS } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  return { lines, stream };
}

/** The logger as it was configured before: pino redacting all of REDACT_PATHS itself. */
function referenceLogger(stream: Writable) {
  return pino({ level: 'trace', base: { service: 'healthex-connect' }, redact: { paths: REDACT_PATHS, censor: CENSOR }, serializers: { err: pino.stdSerializers.err } }, stream);
}

class DriverError extends Error {
  code = 11000;
  codeName = 'DuplicateKey';
  constructor() {
    super('E11000 duplicate key');
    this.name = 'MongoServerError';
  }
}

class WithToJson {
  constructor(readonly token: string) {}
  toJSON() {
    return { shown: 'only this', token: this.token };
  }
}

const SECRET = 'sekrit-value-0123456789';

/** Every line shape, as [bindings for a child (or null), merging object, message]. */
const LINES: Array<[Record<string, unknown> | null, unknown, string | undefined]> = [
  [{ requestId: 'r-1' }, { method: 'GET', path: '/trpc/connection.status', status: 200, ip: '127.0.0.1', ms: 3 }, 'request'],
  [null, { audit: { action: 'token.use', outcome: 'success', requestId: 'r', userSub: 's', code: SECRET, token: SECRET } }, 'audit token.use success'],
  [null, { err: new DriverError(), path: 'connection.begin' }, 'tRPC internal error'],
  [null, { err: Object.assign(new Error('with secrets'), { accessToken: SECRET, refresh_token: SECRET, status: 502 }) }, undefined],
  [null, { err: { code: SECRET, message: 'not an Error' } }, 'plain err'],
  [null, { err: 'just a string' }, 'string err'],
  [null, new Error('logged directly'), undefined],
  [null, { token: SECRET, code: SECRET, connectToken: SECRET, password: SECRET, authorization: SECRET }, 'top-level secrets'],
  [null, { token: { nested: SECRET }, secret: [SECRET], code: 0, verifier: null }, 'top-level secrets of other types'],
  [null, { req: { method: 'GET', headers: { authorization: `Bearer ${SECRET}`, cookie: SECRET, host: 'x' }, code: SECRET } }, 'req'],
  [null, { res: { statusCode: 200, headers: { 'set-cookie': [SECRET], 'content-type': 'x' }, token: SECRET } }, 'res'],
  [null, { req: { headers: 'not an object' }, res: null }, 'odd req/res'],
  [null, { tokens: { access_token: SECRET, refresh_token: SECRET, expires_in: 3600, scope: 'read' } }, 'token response'],
  [null, { body: { client_secret: SECRET, code_verifier: SECRET, codeVerifier: SECRET, grant_type: 'authorization_code' } }, 'request body'],
  [null, { deep: { inner: { token: 'two levels down is not a redact path' } } }, 'deeper'],
  [null, { list: [{ token: 'arrays are not one level of object' }], when: new Date(0), n: Number.NaN, yes: true, nothing: undefined }, 'types'],
  [null, { thing: new WithToJson(SECRET) }, 'class with toJSON'],
  [null, { withUndefined: { token: undefined, other: 1 } }, 'own property, undefined'],
  [{ requestId: 'r-2', user: { sub: 's', token: SECRET }, code: SECRET }, { a: 1 }, 'child bindings'],
  [null, undefined, 'message only'],
];

function emit(log: pino.Logger) {
  for (const [bindings, object, message] of LINES) {
    const target = bindings ? log.child(bindings) : log;
    if (object === undefined) target.info(message);
    else target.info(object as object, message);
  }
  log.child({ requestId: 'r-3' }).child({ secret: SECRET, nested: { password: SECRET } }).warn({ cause: 'x' }, 'grandchild');
}

const withoutTime = (line: string) => {
  const { time, ...rest } = JSON.parse(line) as { time: number };
  expect(typeof time).toBe('number');
  return rest;
};

describe('service logger redaction', () => {
  it('writes the same lines as pino redacting REDACT_PATHS itself', () => {
    const ours = capture();
    const reference = capture();
    emit(createLogger('trace', ours.stream as never));
    emit(referenceLogger(reference.stream));
    expect(ours.lines).toHaveLength(LINES.length + 1);
    expect(ours.lines.map(withoutTime)).toEqual(reference.lines.map(withoutTime));
  });

  it('never writes a secret value, and does not change the logged objects', () => {
    const ours = capture();
    const log = createLogger('trace', ours.stream as never);
    const audit = { action: 'x', code: SECRET };
    const error = new DriverError();
    log.info({ audit, err: error }, 'line');
    expect(audit.code).toBe(SECRET);
    expect(error.code).toBe(11000);
    emit(log);
    const all = ours.lines.join('');
    expect(all).not.toContain(SECRET);
    expect(all).toContain(`"token":"${CENSOR}"`);
    expect(all).toContain(`"authorization":"${CENSOR}"`);
  });
});
