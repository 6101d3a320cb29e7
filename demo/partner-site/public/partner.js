// The partner page's only script of its own (no build step, served from the partner's origin so the
// strict CSP allows it): give <healthex-connect> a function that fetches a connect token from the
// partner's back end. The widget calls it when it needs a token, and again when one has expired.
const widget = document.querySelector('healthex-connect');
if (widget) {
  widget.tokenProvider = async () => {
    const response = await fetch('/api/connect-token', { method: 'POST', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`the partner site could not issue a connect token (HTTP ${response.status})`);
    return (await response.json()).token;
  };
}

// The page's language (the server rendered it from ?lang=en|es into <html lang>): the widget speaks it too.
if (widget) widget.locale = document.documentElement.lang === 'es' ? 'es' : 'en';
