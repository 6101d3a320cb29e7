/**
 * The script-tag file by content negotiation: brotli, gzip or plain by Accept-Encoding, always with
 * Vary, immutable caching and the same SRI hash over the decoded bytes. Raw node:http requests, so
 * nothing decompresses behind the test's back.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_WIDGET_DIST } from '../app.js';
import { ensureWidgetBuild } from '../../demo/stack/ensure-widget-build.js';
import { startTestStack, type TestStack } from '../../testkit/stack/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  await ensureWidgetBuild({ quiet: true });
  stack = await startTestStack();
}, 120_000);
afterAll(() => stack?.close());

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

it('serves brotli, gzip or plain bytes by Accept-Encoding, with Vary, immutable caching and one SRI hash', async () => {
  const manifest = stack.service.widget!;
  const plainFile = await readFile(join(DEFAULT_WIDGET_DIST, manifest.file));
  const url = `${stack.service.url}${manifest.path}`;

  const cases = [
    { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
    { accept: 'gzip', encoding: 'gzip', decode: gunzipSync },
    { accept: 'br;q=0, gzip;q=0.8', encoding: 'gzip', decode: gunzipSync },
    { accept: '', encoding: undefined, decode: (b: Buffer) => b },
    { accept: 'identity', encoding: undefined, decode: (b: Buffer) => b },
  ];
  const sizes: Record<string, number> = {};
  for (const { accept, encoding, decode } of cases) {
    const answer = await rawGet(url, accept ? { 'accept-encoding': accept } : {});
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers['vary']).toMatch(/accept-encoding/i);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.byteLength);
    const decoded = decode(answer.body);
    expect(decoded.equals(plainFile)).toBe(true);
    expect(sri(decoded)).toBe(manifest.integrity); // what the <script integrity> checks: the decoded bytes
    sizes[encoding ?? 'identity'] = answer.body.byteLength;
  }
  // Compression is worth it: at least 2.5× smaller on the wire.
  expect(sizes.br! * 2.5).toBeLessThan(sizes.identity!);
  expect(sizes.gzip! * 2.5).toBeLessThan(sizes.identity!);
  expect(sizes.br!).toBeLessThanOrEqual(sizes.gzip!);
});

it('serves the part below the banner next to the script-tag file, as pinned in the script-tag file', async () => {
  const manifest = stack.service.widget!;
  const built = JSON.parse(await readFile(join(DEFAULT_WIDGET_DIST, 'manifest.json'), 'utf8')) as { parts: { page: { file: string; integrity: string } } };
  const page = built.parts.page;
  expect(page.file).toBe('healthex-connect.page.min.js');
  const answer = await rawGet(`${stack.service.url}${manifest.path.replace(manifest.file, page.file)}`, { 'accept-encoding': 'gzip' });
  expect(answer.status).toBe(200);
  expect(answer.headers['content-encoding']).toBe('gzip');
  expect(answer.headers['access-control-allow-origin']).toBe('*');
  const decoded = gunzipSync(answer.body);
  expect(decoded.equals(await readFile(join(DEFAULT_WIDGET_DIST, page.file)))).toBe(true);
  expect(sri(decoded)).toBe(page.integrity);
  // The script-tag file carries the same pin, so it runs only these bytes.
  const script = await readFile(join(DEFAULT_WIDGET_DIST, manifest.file), 'utf8');
  expect(script).toContain(page.integrity);
});

it('serves the Spanish file next to the script-tag file, pinned by its own SRI hash; nothing else of the build', async () => {
  const manifest = stack.service.widget!;
  const spanish = manifest.locales['es'];
  expect(spanish?.path).toBe(manifest.path.replace(manifest.file, 'healthex-connect.es.min.js'));
  const answer = await rawGet(`${stack.service.url}${spanish!.path}`, { 'accept-encoding': 'br' });
  expect(answer.status).toBe(200);
  expect(answer.headers['content-encoding']).toBe('br');
  expect(answer.headers['access-control-allow-origin']).toBe('*');
  const decoded = brotliDecompressSync(answer.body);
  expect(decoded.equals(await readFile(join(DEFAULT_WIDGET_DIST, spanish!.file)))).toBe(true);
  expect(sri(decoded)).toBe(spanish!.integrity);

  const published = JSON.parse((await rawGet(`${stack.service.url}/widget/manifest.json`, {})).body.toString('utf8'));
  expect(published).toEqual({ version: manifest.version, path: manifest.path, integrity: manifest.integrity, locales: { es: { path: spanish!.path, integrity: spanish!.integrity } } });
  // Only the files the manifest names: not the npm entry, its source maps or the manifest itself.
  for (const other of ['index.js', 'index.js.map', 'element.js', 'below-fold.js', 'manifest.json', 'locale-es.js']) {
    expect((await rawGet(`${stack.service.url}/widget/v${manifest.version}/${other}`, {})).status).toBe(404);
  }
});
