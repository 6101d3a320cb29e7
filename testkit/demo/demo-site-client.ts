/**
 * One demo site (Salus or the partner) on a free port of 127.0.0.1, and a browser-like client over
 * real HTTP: the demo sign-in form posted from the site's own origin, its cookie kept, pages read.
 */
import type Koa from 'koa';
import { listenFirst } from '../../demo/site-kit/site-kit.js';

export interface DemoSiteClient {
  origin: string;
  /** Posts the sign-in form as the page in `path` would (its action); returns the redirect's Location. */
  signIn(action: string, userKey: string): Promise<string>;
  /** GETs a page with the session cookie; its status, Content-Language and text. */
  page(path: string): Promise<{ status: number; contentLanguage: string | null; html: string }>;
  close(): Promise<void>;
}

export async function serveDemoSite(createApp: (origin: string) => Koa): Promise<DemoSiteClient> {
  const site = await listenFirst(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${site.port}`;
  site.serve(createApp(origin).callback());
  let cookies = '';
  return {
    origin,
    async signIn(action, userKey) {
      const response = await fetch(new URL(action, origin), {
        method: 'POST',
        redirect: 'manual',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user: userKey }).toString(),
      });
      if (response.status !== 303) throw new Error(`sign-in answered HTTP ${response.status}`);
      cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
      return response.headers.get('location') ?? '';
    },
    async page(path) {
      const response = await fetch(new URL(path, origin), { headers: cookies ? { cookie: cookies } : {} });
      return { status: response.status, contentLanguage: response.headers.get('content-language'), html: await response.text() };
    },
    close: () => site.close(),
  };
}
