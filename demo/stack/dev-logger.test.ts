import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createDevLogger } from './dev-logger.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

it('prints one readable line per event, not JSON, with the time, level and message', () => {
  const out = capture();
  const log = createDevLogger('info', { destination: out.stream, colorize: false });
  log.info({ requestId: 'r-1', method: 'GET', path: '/readyz', status: 200, ip: '127.0.0.1', ms: 9 }, 'request');
  log.info({ user: 'issuer|ava' }, 'connection confirmed');
  log.debug('not at info');
  const lines = out.text().trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\] INFO: GET \/readyz 200 9 ms$/), expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\] INFO: connection confirmed \{"user":"issuer\|ava"\}$/)]);
});

it('keeps the service logger’s redaction', () => {
  const out = capture();
  const log = createDevLogger('info', { destination: out.stream, colorize: false });
  log.info({ token: 'eyJhbGciOi.secret', err: { code: 'the-authorization-code' } }, 'refused');
  expect(out.text()).not.toContain('eyJhbGciOi.secret');
  expect(out.text()).not.toContain('the-authorization-code');
  expect(out.text()).toContain('[redacted]');
});
