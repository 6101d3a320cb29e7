/**
 * Serves the script-tag build of the widget at a versioned path with long-lived, immutable caching:
 * `/widget/v<version>/healthex-connect.min.js`. The file and its SRI hash come from the widget build
 * (`npm run build:widget` writes widget/dist/manifest.json, and `.br`/`.gz` copies of the file).
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

const manifestSchema = z.object({ version: z.string(), file: z.string().regex(/^[\w.-]+\.js$/), integrity: z.string() });
export type WidgetManifest = z.infer<typeof manifestSchema> & { path: string };

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

export async function loadWidgetManifest(distDir: string): Promise<(WidgetManifest & { body: Buffer; encodings: WidgetEncodings }) | null> {
  let manifest: z.infer<typeof manifestSchema>;
  let body: Buffer;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(distDir, 'manifest.json'), 'utf8')));
    body = await readFile(join(distDir, manifest.file));
  } catch {
    return null;
  }
  const file = join(distDir, manifest.file);
  const encodings: WidgetEncodings = {
    identity: body,
    br: await encoded(`${file}.br`, body, () => promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })),
    gzip: await encoded(`${file}.gz`, body, () => promisify(gzip)(body, { level: 9 })),
  };
  return { ...manifest, body, encodings, path: `/widget/v${manifest.version}/${manifest.file}` };
}

export async function widgetAssetRoutes(distDir: string, log: Logger): Promise<{ router: Router; manifest: WidgetManifest | null }> {
  const router = new Router();
  const widget = await loadWidgetManifest(distDir);
  if (widget === null) {
    log.warn({ distDir }, 'widget build not found; run `npm run build:widget` to serve the script-tag file');
    return { router, manifest: null };
  }
  router.get(widget.path, (ctx) => {
    ctx.vary('Accept-Encoding');
    // Ours is the preference (brotli is smallest); Koa's negotiation honours q-values (`br;q=0`).
    const encoding = (['br', 'gzip'] as const).find((candidate) => ctx.acceptsEncodings(candidate) === candidate) ?? 'identity';
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Access-Control-Allow-Origin', '*'); // a module script from another origin is fetched in CORS mode
    if (encoding !== 'identity') ctx.set('Content-Encoding', encoding);
    ctx.body = widget.encodings[encoding];
  });
  router.get('/widget/manifest.json', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = { version: widget.version, path: widget.path, integrity: widget.integrity };
  });
  const { body: _body, encodings: _encodings, ...manifest } = widget;
  return { router, manifest };
}
