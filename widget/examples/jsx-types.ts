/**
 * Typing `<healthex-connect>` for JSX (React 19, Preact…): its attributes as JSX props. The README's
 * React example imports this shape; examples/react-example.tsx compiles it in `npm run typecheck`.
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
