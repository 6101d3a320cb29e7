/**
 * The Salus "Precision Medicine" page's script, bundled by demo/salus-site/build-page.ts. It is what a
 * Salus front-end engineer writes: import the widget from its npm entry, hand it a function that
 * fetches a connect token from Salus's own back end, and react to its events — here, by re-reading
 * the personalisation panel, which Salus's back end answers from the connect service's back-end API.
 */
import 'healthex-connect'; // the npm entry (widget/dist/index.js): defines <healthex-connect>
import { PANEL_WORDS, type PanelLang, type Personalisation } from './panel-words.js';

const widget = document.querySelector('healthex-connect');

// The page's language (the server rendered it from ?lang=en|es into <html lang>): the widget speaks it too.
const lang: PanelLang = document.documentElement.lang === 'es' ? 'es' : 'en';
if (widget) widget.locale = lang;
const panel = document.querySelector<HTMLElement>('[data-personalisation]');
const panelText = document.querySelector<HTMLElement>('[data-personalisation-text]');

/** A fresh connect token for the signed-in user, minted by Salus's back end. */
async function fetchConnectToken(): Promise<string> {
  const response = await fetch('/api/connect-token', { method: 'POST', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Salus could not issue a connect token (HTTP ${response.status}); sign in again.`);
  const body = (await response.json()) as { token: string };
  return body.token;
}


let panelSeq = 0;
async function refreshPersonalisation(): Promise<void> {
  if (!panel || !panelText) return;
  const seq = ++panelSeq;
  let value: Personalisation = 'unavailable';
  try {
    const response = await fetch('/api/personalisation', { headers: { accept: 'application/json' } });
    if (response.ok) value = ((await response.json()) as { personalisation: 'on' | 'off' }).personalisation;
  } catch {
    // stays 'unavailable'
  }
  if (seq !== panelSeq) return; // a newer read is on its way
  panel.dataset['personalisation'] = value;
  panelText.textContent = PANEL_WORDS[lang].answers[value];
}

if (widget) {
  widget.tokenProvider = fetchConnectToken;
  // Every status the widget reads (first load, after HealthEx, confirm, disconnect) may change it.
  widget.addEventListener('healthex-status-change', () => void refreshPersonalisation());
}
void refreshPersonalisation();
