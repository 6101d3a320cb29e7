/**
 * Typing `<healthex-connect>` for JSX (Preact, Solid… — any JSX that wants its own declaration): its
 * attributes as JSX props. Kept for hosts that used it; React apps import `healthex-connect/react-jsx`
 * (generated from the Custom Elements Manifest, with every property and event) instead.
 */
import type { HealthexConnect } from '../healthex-connect.js';
import type { HealthexExitEvent, HealthexReadyEvent, HealthexStatusChangeEvent } from '../events.js';

export interface HealthexConnectJsxProps {
  'api-base': string;
  token?: string;
  mode?: 'popup' | 'redirect';
  locale?: 'en' | 'es';
  'return-url'?: string;
  'return-href'?: string;
  'host-name'?: string;
  'tier-name'?: string;
  'privacy-href'?: string;
  'account-href'?: string;
  'manage-href'?: string;
  ref?: { current: HealthexConnect | null } | ((element: HealthexConnect | null) => void);
  // React 19 passes `on<event>` props to custom elements as event listeners.
  'onhealthex-ready'?: (event: HealthexReadyEvent) => void;
  'onhealthex-exit'?: (event: HealthexExitEvent) => void;
  'onhealthex-status-change'?: (event: HealthexStatusChangeEvent) => void;
}
