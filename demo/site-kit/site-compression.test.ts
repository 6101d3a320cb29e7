/** The demo sites' compression (koa-compress): brotli or gzip by Accept-Encoding, with Vary. */
import { request, type Server } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { siteCompression } from './site-kit.js';

const page = `<!doctype html><title>Demo</title>${'<p>Connect your medical records.</p>'.repeat(200)}`;
let server: Server;
let url: string;
beforeAll(async () => {
  const app = new Koa();
  app.use(siteCompression());
  app.use((ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = ctx.path === '/small' ? '<p>hi</p>' : page;
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function rawGet(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('compresses pages by Accept-Encoding and leaves tiny bodies and clients without it alone', async () => {
  const br = await rawGet('/', 'gzip, deflate, br');
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['vary']).toMatch(/accept-encoding/i);
  expect(brotliDecompressSync(br.body).toString()).toBe(page);
  expect(br.body.byteLength * 5).toBeLessThan(Buffer.byteLength(page));

  const gz = await rawGet('/', 'gzip');
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.body).toString()).toBe(page);

  const plain = await rawGet('/');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(page);

  expect((await rawGet('/small', 'br')).headers['content-encoding']).toBeUndefined();
});
