/**
 * The README's React example, compiled by `npm run typecheck` (jsx: preserve; no React needed to
 * check the element's typing). In an app, `declare module 'react'` instead of the global JSX below.
 */
import type { HealthexConnect } from '../healthex-connect.js';
import type { HealthexConnectJsxProps } from './jsx-types.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'healthex-connect': HealthexConnectJsxProps;
    }
    interface Element {}
  }
}

/** A records page: the host's own button can call `widget.open()` inside its click handler. */
export function RecordsWidget(props: { apiBase: string; token: string; onConnected: () => void; onWidget: (widget: HealthexConnect | null) => void }) {
  return (
    <healthex-connect
      api-base={props.apiBase}
      token={props.token}
      host-name="Northwind Wellness"
      ref={props.onWidget}
      onhealthex-exit={(event) => console.info('left the authorization:', event.detail.reason)}
      onhealthex-status-change={(event) => {
        if (event.detail.status.state === 'connected') props.onConnected();
      }}
    />
  );
}
