/**
 * Step 3: open HealthEx in a popup, or in this tab when the popup is blocked or redirect mode is
 * chosen. The popup is opened synchronously, inside the click handler, before anything is awaited —
 * browsers only allow popups during the user's click.
 */
import { POPUP_FEATURES, POPUP_NAME, type NavigationSeam } from './navigation.js';
import type { DisplayMode } from './types.js';
import { ConnectApiError } from './api-client.js';

export interface AuthorizationDeps {
  navigation: NavigationSeam;
  begin(input: { returnUrl: string; mode: DisplayMode }): Promise<{ authorizationUrl: string }>;
  returnUrl: string;
  /** Called synchronously when the browser refuses the popup, before falling back to redirect. */
  onPopupBlocked(): void;
}

export type AuthorizationStart =
  /** HealthEx is open in the popup; the result comes by message (or the popup is closed). */
  | { kind: 'popup'; popup: Window }
  /** The page is navigating to HealthEx. */
  | { kind: 'redirect' }
  /** The user closed the popup before HealthEx was loaded in it. */
  | { kind: 'cancelled' };

/** Only http(s) URLs are followed, whatever the service answers. */
function checkedUrl(authorizationUrl: string): string {
  try {
    const url = new URL(authorizationUrl);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // fall through
  }
  throw new ConnectApiError('INTERNAL', 'unusable authorization URL');
}

/** Must be called from the click handler itself (no await before it). */
export function startAuthorization(mode: DisplayMode, deps: AuthorizationDeps): Promise<AuthorizationStart> {
  if (mode === 'popup') {
    const popup = deps.navigation.open('about:blank', POPUP_NAME, POPUP_FEATURES);
    if (popup) return continueInPopup(popup, deps);
    deps.onPopupBlocked();
  }
  return redirect(deps);
}

async function continueInPopup(popup: Window, deps: AuthorizationDeps): Promise<AuthorizationStart> {
  let url: string;
  try {
    url = checkedUrl((await deps.begin({ returnUrl: deps.returnUrl, mode: 'popup' })).authorizationUrl);
  } catch (error) {
    popup.close();
    throw error;
  }
  if (popup.closed) return { kind: 'cancelled' };
  popup.location.href = url;
  return { kind: 'popup', popup };
}

async function redirect(deps: AuthorizationDeps): Promise<AuthorizationStart> {
  const url = checkedUrl((await deps.begin({ returnUrl: deps.returnUrl, mode: 'redirect' })).authorizationUrl);
  deps.navigation.assign(url);
  return { kind: 'redirect' };
}

/** Calls `onClosed` once the popup is closed; returns a function that stops watching. */
export function watchPopup(popup: Window, onClosed: () => void, intervalMs = 300): () => void {
  const timer = setInterval(() => {
    if (popup.closed) {
      clearInterval(timer);
      onClosed();
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
