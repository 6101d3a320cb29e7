/**
 * The browser navigation the authorization flow needs, behind a seam so tests can observe it
 * without leaving the page. The defaults call `window.open` and `location.assign` at call time.
 */
export interface NavigationSeam {
  /** Opens a named popup; null when the browser blocked it. */
  open(url: string, target: string, features: string): Window | null;
  /** Full-page navigation (the redirect flow). */
  assign(url: string): void;
  /** The page's current URL. */
  currentUrl(): URL;
  /** Replaces the address bar's URL without navigating. */
  replaceUrl(url: URL): void;
}

export const browserNavigation: NavigationSeam = {
  open: (url, target, features) => window.open(url, target, features),
  assign: (url) => window.location.assign(url),
  currentUrl: () => new URL(window.location.href),
  replaceUrl: (url) => window.history.replaceState(window.history.state, '', url.href),
};

export const POPUP_NAME = 'healthex-connect';
export const POPUP_FEATURES = 'popup,width=520,height=720';
