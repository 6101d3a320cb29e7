/**
 * Serves the script-tag build of the widget at a versioned path with long-lived, immutable caching:
 * `/widget/v<version>/healthex-connect.min.js`. The file and its SRI hash come from the widget build
 * (`npm run build:widget` writes dist/widget/manifest.json).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from '@koa/router';
import type { Logger } from 'pino';
import { z } from 'zod';

const manifestSchema = z.object({ version: z.string(), file: z.string().regex(/^[\w.-]+\.js$/), integrity: z.string() });
export type WidgetManifest = z.infer<typeof manifestSchema> & { path: string };

export async function loadWidgetManifest(distDir: string): Promise<(WidgetManifest & { body: Buffer }) | null> {
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(join(distDir, 'manifest.json'), 'utf8')));
    const body = await readFile(join(distDir, manifest.file));
    return { ...manifest, body, path: `/widget/v${manifest.version}/${manifest.file}` };
  } catch {
    return null;
  }
}

export async function widgetAssetRoutes(distDir: string, log: Logger): Promise<{ router: Router; manifest: WidgetManifest | null }> {
  const router = new Router();
  const widget = await loadWidgetManifest(distDir);
  if (widget === null) {
    log.warn({ distDir }, 'widget build not found; run `npm run build:widget` to serve the script-tag file');
    return { router, manifest: null };
  }
  router.get(widget.path, (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Access-Control-Allow-Origin', '*'); // a module script from another origin is fetched in CORS mode
    ctx.body = widget.body;
  });
  router.get('/widget/manifest.json', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = { version: widget.version, path: widget.path, integrity: widget.integrity };
  });
  const { body: _body, ...manifest } = widget;
  return { router, manifest };
}
