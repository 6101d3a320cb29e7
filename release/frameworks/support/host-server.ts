/**
 * A host site for the client-rendered apps (React + Vite, Vue, Svelte, Angular): serves the
 * app's built files (index.html for any other path, as a single-page app's server does) and the
 * host back end's one route the widget needs, POST /connect-token, answering a connect token for
 * the signed-in user.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.json': 'application/json' };

export async function startHostServer(options: { root: string; port: number; mintToken: () => Promise<string> }): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/connect-token') {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token: await options.mintToken() }));
    }
    const file = normalize(join(options.root, path));
    const inside = file.startsWith(options.root) && extname(file) !== '';
    try {
      const body = await readFile(inside ? file : join(options.root, 'index.html'));
      res.writeHead(200, { 'content-type': TYPES[extname(inside ? file : 'index.html')] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${options.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
