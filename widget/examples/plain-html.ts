/**
 * The README's plain-HTML example (the script part), compiled by `npm run typecheck`: events are typed
 * through `HTMLElementEventMap`, `open()` from the host's own button.
 */
import '../define.js';

const widget = document.querySelector('healthex-connect')!;
widget.addEventListener('healthex-ready', (event) => console.info('first status:', event.detail.status.state));
widget.addEventListener('healthex-exit', (event) => {
  if (event.detail.reason === 'error') console.warn('authorization failed:', event.detail.code);
});
document.querySelector('#connect-records')?.addEventListener('click', () => {
  // Inside the click: the browser allows the HealthEx popup.
  if (!widget.open()) console.info('nothing to authorize right now');
});
