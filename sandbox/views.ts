import { escapeHtml } from './escape-html.js';
import { SANDBOX_PASSWORD, SCOPE_DESCRIPTIONS, TEST_PATIENTS, TEST_PROVIDERS } from './test-data.js';

/**
 * Server-rendered pages of the sandbox's interaction (login → providers → consent). Plain HTML forms
 * with no script, so they work in any browser and in `completeAuthorization`'s form parser.
 * Everything that comes from a request or a client registration goes through `escapeHtml` (the
 * project's one escaper, server/http/escape-html.ts).
 */

export const STYLESHEET_PATH = '/sandbox-assets/style.css';

export const STYLESHEET = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
.banner { background: #7a2e00; color: #fff; padding: .5rem 1rem; font-weight: 600; text-align: center; }
main { max-width: 34rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input[type=text], input[type=email], input[type=password] { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; border: 1px solid #666; border-radius: 4px; }
fieldset { border: 1px solid #ccc; border-radius: 4px; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: center; }
button { font: inherit; padding: .5rem 1.25rem; margin: 1rem .5rem 0 0; border-radius: 4px; border: 1px solid #0b4f8a; background: #0b5fa5; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #0b4f8a; }
a.back { color: #0b4f8a; font-weight: 600; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.error { color: #a4000f; border-left: 4px solid #a4000f; padding-left: .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; overflow-wrap: anywhere; word-break: break-word; }
@media (max-width: 30rem) { main { margin: 0; padding: 1rem; border-radius: 0; box-shadow: none; } th, td { padding: .25rem; } }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · HealthEx sandbox</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<div class="banner" role="note">HealthEx sandbox — test data only</div>
<main>
${body}
</main>
</body>
</html>`;
}

/** `GET /`: what the sandbox is, where its metadata is, and the demo sites that use it. */
export function homePage(demoLinks: readonly { name: string; url: string }[]): string {
  const links = demoLinks.map((link) => `<li><a class="back" href="${escapeHtml(link.url)}">${escapeHtml(link.name)}</a></li>`).join('\n');
  return page(
    'HealthEx sandbox',
    `<h1>HealthEx sandbox</h1>
<p>A local stand-in for HealthEx, for development and tests: its documented OAuth endpoints (<a href="/.well-known/oauth-authorization-server">metadata</a>), test patients and synthetic records. It is not HealthEx and holds no real data.</p>
${links ? `<p>Open the demo to connect a test patient's records:</p>\n<ul>\n${links}\n</ul>` : '<p>Start a client (for example the demo, <code>npm start</code>) to sign in here.</p>'}`,
  );
}

/**
 * The way back to the client from any sandbox page. While the authorization request is known it is
 * a form that cancels it: the client's redirect_uri gets `error=access_denied` with the original
 * `state` (RFC 6749 §4.1.2.1), so the client can show its own page. Once nothing trustworthy is
 * known it is only a plain link to the client's registered redirect_uri.
 */
export type BackToClient =
  | { readonly clientName: string; readonly cancelAction: string }
  | { readonly clientName: string; readonly href: string };

function backToClient(back: BackToClient | undefined, label = 'Back to'): string {
  if (!back) return '<p>Close this tab and go back to the app you came from.</p>';
  const text = `${label} ${escapeHtml(back.clientName)}`;
  return 'cancelAction' in back
    ? `<form method="post" action="${escapeHtml(back.cancelAction)}"><button type="submit" class="secondary">${text}</button></form>`
    : `<p><a class="back" href="${escapeHtml(back.href)}">${text}</a></p>`;
}

function errorBlock(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

export function loginPage(options: { action: string; clientName: string; cancelAction: string; error?: string; username?: string }): string {
  const accounts = TEST_PATIENTS.map(
    (patient) => `<tr><td>${escapeHtml(patient.name)}</td><td>${escapeHtml(patient.username)}</td><td>${escapeHtml(patient.id)}</td></tr>`,
  ).join('\n');
  return page(
    'Sign in',
    `<h1>Sign in to HealthEx</h1>
<p>${escapeHtml(options.clientName)} is asking to read your HealthEx records.</p>
${errorBlock(options.error)}
<form method="post" action="${escapeHtml(options.action)}">
<label for="username">Email</label>
<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
${backToClient({ clientName: options.clientName, cancelAction: options.cancelAction }, 'Cancel and go back to')}
<h2>Test accounts</h2>
<p>Every test account uses the password <code>${escapeHtml(SANDBOX_PASSWORD)}</code>.</p>
<table>
<thead><tr><th scope="col">Patient</th><th scope="col">Email</th><th scope="col">Id</th></tr></thead>
<tbody>
${accounts}
</tbody>
</table>`,
  );
}

export function providersPage(options: {
  action: string;
  clientName: string;
  cancelAction: string;
  patientName: string;
  selected?: readonly string[];
  error?: string;
}): string {
  const selected = new Set(options.selected ?? []);
  const boxes = TEST_PROVIDERS.map(
    (provider) =>
      `<label><input type="checkbox" name="provider" value="${escapeHtml(provider.id)}"${selected.has(provider.id) ? ' checked' : ''}> ${escapeHtml(provider.name)}</label>`,
  ).join('\n');
  return page(
    'Choose providers',
    `<h1>Choose your providers</h1>
<p>Signed in as ${escapeHtml(options.patientName)}. Which providers' records should ${escapeHtml(options.clientName)} be able to read?</p>
${errorBlock(options.error)}
<form method="post" action="${escapeHtml(options.action)}">
<fieldset>
<legend>Providers (choose at least one)</legend>
${boxes}
</fieldset>
<button type="submit">Continue</button>
</form>
${backToClient({ clientName: options.clientName, cancelAction: options.cancelAction }, 'Cancel and go back to')}`,
  );
}

export function consentPage(options: {
  action: string;
  clientName: string;
  patientName: string;
  scopes: readonly string[];
  providerNames: readonly string[];
}): string {
  const scopes = options.scopes
    .map((scope) => `<li><code>${escapeHtml(scope)}</code> — ${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? scope)}</li>`)
    .join('\n');
  const providers = options.providerNames.map((name) => `<li>${escapeHtml(name)}</li>`).join('\n');
  return page(
    'Allow access',
    `<h1>Allow ${escapeHtml(options.clientName)} to access your records?</h1>
<p>Signed in as ${escapeHtml(options.patientName)}.</p>
<h2>It asks to</h2>
<ul>
${scopes}
</ul>
<h2>From these providers</h2>
<ul>
${providers}
</ul>
<form method="post" action="${escapeHtml(options.action)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  );
}

/** Every error page has a way out: back to the client when it is known (see `BackToClient`). */
export function errorPage(title: string, message: string, back?: BackToClient): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>\n${backToClient(back)}`);
}
