/** Defines `<healthex-connect>` (once; loading the script twice is harmless). */
import { HealthexConnect } from './healthex-connect.js';

if (!customElements.get('healthex-connect')) {
  customElements.define('healthex-connect', HealthexConnect);
}

declare global {
  interface HTMLElementTagNameMap {
    'healthex-connect': HealthexConnect;
  }
}
