/**
 * The small HTML pages the callback answers with. In popup mode the page hands the result to the
 * opener with postMessage — to exactly the embedding page's origin — through our own script file
 * (no inline script, so a strict CSP holds). In redirect mode a failure page sends the browser back to
 * the return URL with the result flag; success redirects with a plain 303 instead.
 */
import { ERROR_PARAM, RESULT_PARAM, type CallbackMessage, type DisplayMode } from 'healthex-connect-contract';
import type { AuthorizationResult } from '../connections/complete-authorization.js';
import { escapeHtml } from './escape-html.js';
import type { PageLocale } from './page-locale.js';
import { PAGE_CHROME, pageText } from './page-words.js';

export type { AuthorizationResult };

/** The message the widget accepts from the popup: the contract's exact shape. */
export type PopupMessage = CallbackMessage;

export function returnUrlWithResult(returnUrl: string, result: AuthorizationResult, code?: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(RESULT_PARAM, result);
  if (code) url.searchParams.set(ERROR_PARAM, code);
  else url.searchParams.delete(ERROR_PARAM);
  return url.href;
}

/** JSON that is safe inside a <script type="application/json"> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface ResultPageInput {
  title: string;
  message: string;
  /** Where the user goes back to (with the result flag); absent when we do not know who they are. */
  back?: { url: string; mode: DisplayMode; popupMessage: PopupMessage };
  /** The host the user came from (its configured name, home and support): the page's brand and links. */
  host?: PageHost | undefined;
  /**
   * The same callback, to try once more (HealthEx failed transiently): the page then waits for the
   * user — no automatic redirect or popup message — and offers "Try again" next to the way back.
   */
  retryUrl?: string | undefined;
  /** The page's language (page-locale.ts); `title` and `message` are the use case's English, looked up in it. */
  locale?: PageLocale;
}

/** What a page may say about the host: only what its issuer's configuration states. */
export interface PageHost {
  name?: string | undefined;
  home?: string | undefined;
  support?: string | undefined;
}

export function renderResultPage({ title: englishTitle, message: englishMessage, back, host, retryUrl, locale = 'en' }: ResultPageInput): string {
  const words = PAGE_CHROME[locale];
  const title = pageText(englishTitle, locale);
  const message = pageText(englishMessage, locale);
  const head: string[] = [];
  if (back?.mode === 'redirect' && !retryUrl) head.push(`<meta http-equiv="refresh" content="0;url=${escapeHtml(back.url)}">`);
  if (back?.mode === 'popup' && !retryUrl) {
    const payload = { targetOrigin: new URL(back.url).origin, message: back.popupMessage, fallbackUrl: back.url };
    head.push(`<script type="application/json" id="healthex-result">${scriptJson(payload)}</script>`);
    head.push('<script src="/auth/healthex/popup.js" defer></script>');
  }
  // Back to where the user started, else to the host's home page; a host nobody named is not named.
  const name = host?.name;
  const target = back?.url ?? host?.home;
  const brand = escapeHtml(words.brand(name));
  const retry = retryUrl ? `<p><a class="back" href="${escapeHtml(retryUrl)}">${escapeHtml(words.retry)}</a></p>` : '';
  // No target: the message itself says to go back (every such message does); no host is guessed.
  const link = target ? `<p><a class="${retryUrl ? 'secondary' : 'back'}" href="${escapeHtml(target)}">${escapeHtml(words.back(name))}</a></p>` : '';
  const support = host?.support ? `<p><a href="${escapeHtml(host.support)}">${escapeHtml(words.help(name))}</a></p>` : '';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${brand}</title>
<link rel="stylesheet" href="/auth/healthex/result.css">
${head.join('\n')}
</head>
<body>
<main>
<p class="brand">${brand}</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${retry}${link}
${support}
</main>
</body>
</html>
`;
}

/** Runs in the popup: post the result to the opener's exact origin and close; else go back. */
export const POPUP_SCRIPT = `const element = document.getElementById('healthex-result');
const data = element ? JSON.parse(element.textContent) : null;
if (data) {
  if (window.opener && !window.opener.closed) {
    window.opener.postMessage(data.message, data.targetOrigin);
    window.close();
  } else {
    location.replace(data.fallbackUrl);
  }
}
`;

export const RESULT_STYLES = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:#1b2330;background:#f6f8fb}
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin-top:0}a{color:#0b57d0}.brand{color:#4a5563;font-weight:600;margin:0 0 .5rem}
.back{display:inline-block;padding:.6rem 1rem;border-radius:8px;background:#0b57a4;color:#fff;font-weight:600;text-decoration:none}
`;
