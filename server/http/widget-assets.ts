/**
 * Serves the script-tag build of the widget at a versioned path with long-lived, immutable caching:
 * `/widget/v<version>/healthex-connect.min.js`, and next to it each language file the script-tag
 * file loads on demand (`healthex-connect.es.min.js`) and its part loaded after the banner
 * (`healthex-connect.page.min.js`), each pinned by its SRI hash in the script-tag file. The files
 * and their hashes come from the widget build (`npm run build:widget` writes
 * widget/dist/manifest.json, and `.br`/`.gz` copies of each file).
 * Content negotiation picks brotli, gzip or the plain bytes by `Accept-Encoding` (`Vary` says so to
 * caches); the SRI hash covers the decoded bytes, so it is the same whichever is sent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { Router } from '@koa/router';
import type { Logger } from 'pino';
import { z } from 'zod';

const fileName = z.string().regex(/^[\w-]+(\.[\w-]+)*\.js$/);
const assetSchema = z.object({ file: fileName, integrity: z.string() });
const manifestSchema = assetSchema.extend({
  version: z.string(),
  locales: z.record(z.string().regex(/^[a-z]{2}$/), assetSchema).default({}),
  /** Parts of the widget the script-tag file loads itself (the regions below the banner). */
  parts: z.record(z.string().regex(/^[a-z-]+$/), assetSchema).default({}),
});
/** What the service tells integrators: the script-tag file's path and SRI hash, and each language file's. */
export interface WidgetManifest {
  version: string;
  file: string;
  integrity: string;
  path: string;
  locales: Record<string, { file: string; integrity: string; path: string }>;
}

export interface WidgetEncodings {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** The precompressed copy from the build, or (an older build without one) compressed once here. */
async function encoded(path: string, body: Buffer, compress: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    return compress();
  }
}

/** One file's bytes as sent: plain, and the build's brotli and gzip copies. */
async function encodingsOf(distDir: string, name: string): Promise<WidgetEncodings> {
  const file = join(distDir, name);
  const body = await readFile(file);
  return {
    identity: body,
    br: await encoded(`${file}.br`, body, () => promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })),
    gzip: await encoded(`${file}.gz`, body, () => promisify(gzip)(body, { level: 9 })),
  };
}

export async function loadWidgetManifest(distDir: string): Promise<(WidgetManifest & { body: Buffer; encodings: WidgetEncodings; files: Map<string, WidgetEncodings> }) | null> {
  let manifest: z.infer<typeof manifestSchema>;
  const files = new Map<string, WidgetEncodings>();
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(distDir, 'manifest.json'), 'utf8')));
    for (const asset of [manifest, ...Object.values(manifest.locales), ...Object.values(manifest.parts)]) files.set(asset.file, await encodingsOf(distDir, asset.file));
  } catch {
    return null;
  }
  const pathOf = (file: string) => `/widget/v${manifest.version}/${file}`;
  const encodings = files.get(manifest.file);
  if (!encodings) return null;
  const locales = Object.fromEntries(Object.entries(manifest.locales).map(([locale, asset]) => [locale, { ...asset, path: pathOf(asset.file) }]));
  return { version: manifest.version, file: manifest.file, integrity: manifest.integrity, path: pathOf(manifest.file), locales, body: encodings.identity, encodings, files };
}

export async function widgetAssetRoutes(distDir: string, log: Logger): Promise<{ router: Router; manifest: WidgetManifest | null }> {
  const router = new Router();
  const widget = await loadWidgetManifest(distDir);
  if (widget === null) {
    log.warn({ distDir }, 'widget build not found; run `npm run build:widget` to serve the script-tag file');
    return { router, manifest: null };
  }
  router.get(`/widget/v${widget.version}/:file`, (ctx, next) => {
    const encodings = widget.files.get(ctx.params['file'] ?? '');
    if (!encodings) return next();
    ctx.vary('Accept-Encoding');
    // Ours is the preference (brotli is smallest); Koa's negotiation honours q-values (`br;q=0`).
    const encoding = (['br', 'gzip'] as const).find((candidate) => ctx.acceptsEncodings(candidate) === candidate) ?? 'identity';
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Access-Control-Allow-Origin', '*'); // a module script from another origin is fetched in CORS mode
    if (encoding !== 'identity') ctx.set('Content-Encoding', encoding);
    ctx.body = encodings[encoding];
  });
  router.get('/widget/manifest.json', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    const locales = Object.fromEntries(Object.entries(widget.locales).map(([locale, asset]) => [locale, { path: asset.path, integrity: asset.integrity }]));
    ctx.body = { version: widget.version, path: widget.path, integrity: widget.integrity, locales };
  });
  const { body: _body, encodings: _encodings, files: _files, ...manifest } = widget;
  return { router, manifest };
}
