/**
 * widget/README.md's bundled-page example, word for word after its import line (readme-examples.test.ts
 * checks that), compiled by `npm run typecheck` and run in the browser tests.
 */
import '../define.js';

const el = document.querySelector('healthex-connect')!; // typed as HealthexConnect
// Your back end mints the token for its signed-in user; the demo's answers POST with { token }.
el.tokenProvider = async () => {
  const response = await fetch('/api/connect-token', { method: 'POST' });
  if (!response.ok) throw new Error(`connect token: HTTP ${response.status}`); // → CONFIGURATION_TOKEN_PROVIDER
  return ((await response.json()) as { token: string }).token; // asked again once on UNAUTHENTICATED
};
el.addEventListener('healthex-connected', (e) => console.log(e.detail.status));
el.addEventListener('healthex-error', (e) => console.log(e.detail.code, e.detail.detail)); // stable code; developer detail
