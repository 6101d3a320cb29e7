import { alertText, parseForms, type HtmlForm } from './html-form.js';
import { SANDBOX_PASSWORD } from './test-data.js';

export interface CompleteAuthorizationOptions {
  /** A test patient's email-style username, e.g. `ava@sandbox.healthex.test`. */
  username: string;
  /** Defaults to the shared sandbox password. */
  password?: string;
  /** Provider ids to tick; defaults to the first provider on the page. */
  providers?: string[];
  decision: 'allow' | 'deny';
}

/** The sandbox showed an error instead of moving on (wrong password, expired interaction, …). */
export class AuthorizationPageError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
  ) {
    super(message);
    this.name = 'AuthorizationPageError';
  }
}

const MAX_STEPS = 20;

/**
 * Acts as the patient's browser on the sandbox without a browser: follows redirects by hand with a
 * tiny cookie jar, fills in and posts the login, provider and consent forms as a browser would
 * (action and fields read from the HTML), and returns the final redirect to the client's
 * redirect_uri WITHOUT requesting it, so the caller can run its own callback handling on it.
 * "The client's redirect" is the first redirect that leaves the sandbox's origin.
 */
export async function completeAuthorization(authorizationUrl: string, options: CompleteAuthorizationOptions): Promise<URL> {
  const sandboxOrigin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  let request: { url: URL; method: 'GET' | 'POST'; body?: URLSearchParams } = { url: new URL(authorizationUrl), method: 'GET' };
  let posted: string | undefined;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded', origin: sandboxOrigin } : {}),
        ...jar.headerFor(request.url),
      },
      ...(request.body ? { body: request.body } : {}),
    });
    jar.store(request.url, response.headers.getSetCookie());

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (next.origin !== sandboxOrigin) return next;
      request = { url: next, method: 'GET' };
      continue;
    }

    const html = await response.text();
    const alert = alertText(html);
    if (!response.ok || (alert && posted)) {
      throw new AuthorizationPageError(alert ?? `The sandbox answered HTTP ${response.status}`, response.status, request.url.href);
    }
    const form = parseForms(html).find((candidate) => candidate.method === 'post');
    if (!form) throw new AuthorizationPageError('The sandbox page has no form to submit', response.status, request.url.href);
    request = { url: new URL(form.action, request.url), method: 'POST', body: fill(form, options) };
    posted = form.action;
  }
  throw new Error(`completeAuthorization gave up after ${MAX_STEPS} requests without reaching the client`);
}

/** Builds the submission a browser would send after the patient filled in this form. */
function fill(form: HtmlForm, options: CompleteAuthorizationOptions): URLSearchParams {
  const body = new URLSearchParams();
  const checkboxes = form.controls.filter((control) => control.type === 'checkbox');
  const wantedProviders = new Set(options.providers ?? checkboxes.slice(0, 1).map((control) => control.value));
  let submitter = form.controls.find((control) => control.type === 'submit' && control.value === options.decision);
  submitter ??= form.controls.find((control) => control.type === 'submit');

  for (const control of form.controls) {
    if (!control.name) continue;
    if (control.name === 'username') body.append('username', options.username);
    else if (control.type === 'password') body.append(control.name, options.password ?? SANDBOX_PASSWORD);
    else if (control.type === 'checkbox') {
      if (wantedProviders.has(control.value)) body.append(control.name, control.value);
    } else if (control.type === 'hidden' || control.type === 'text' || control.type === 'email') body.append(control.name, control.value);
  }
  if (submitter?.name) body.append(submitter.name, submitter.value);
  return body;
}

/** Host-only cookies with paths and deletion; all the sandbox's cookies need. */
class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  headerFor(url: URL): Record<string, string> {
    const pairs = [...this.#cookies]
      .filter(([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
      .map(([key, cookie]) => `${key.slice(key.indexOf(' ') + 1)}=${cookie.value}`);
    return pairs.length ? { cookie: pairs.join('; ') } : {};
  }

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path' && value.startsWith('/')) path = value;
        if (key.toLowerCase() === 'max-age' && Number(value) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) expired = true;
      }
      const key = `${path} ${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { value: pair.slice(eq + 1), path });
    }
  }
}
