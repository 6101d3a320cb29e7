/**
 * `healthex-connect/react`: `<HealthexConnect>` as a React component, for apps that render on the
 * server (Next.js, Remix) or still run React 18. Built with @lit/react's `createComponent`, which
 * renders the plain `<healthex-connect>` tag (with its attributes) on the server and, once React
 * has hydrated it in the browser, sets the element's properties (`tokenProvider`…) and adds the
 * event listeners itself: React's own custom-element handling drops both during hydration.
 *
 * The bundle starts with 'use client' (added by the build), so a server component may import it
 * and pass strings (`token`, `apiBase`…); functions (`tokenProvider`, `on…`) belong in a client
 * component of the app, because nothing but data crosses React's server→client boundary.
 *
 * It imports the element through the package's own name (`healthex-connect`), so an app that also
 * imports the plain element gets one module and one definition.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { HealthexConnect as HealthexConnectElement } from 'healthex-connect';
import type {
  HealthexConnectedEvent,
  HealthexDisconnectedEvent,
  HealthexErrorEvent,
  HealthexExitEvent,
  HealthexReadyEvent,
  HealthexStatusChangeEvent,
} from 'healthex-connect';

export const HealthexConnect = createComponent({
  react: React,
  tagName: 'healthex-connect',
  elementClass: HealthexConnectElement,
  events: {
    onReady: 'healthex-ready' as EventName<HealthexReadyEvent>,
    onStatusChange: 'healthex-status-change' as EventName<HealthexStatusChangeEvent>,
    onConnected: 'healthex-connected' as EventName<HealthexConnectedEvent>,
    onDisconnected: 'healthex-disconnected' as EventName<HealthexDisconnectedEvent>,
    onExit: 'healthex-exit' as EventName<HealthexExitEvent>,
    onError: 'healthex-error' as EventName<HealthexErrorEvent>,
  },
  displayName: 'HealthexConnect',
});

/** The props `<HealthexConnect>` accepts: the element's properties, the `on…` events, React's HTML attributes. */
export type HealthexConnectProps = React.ComponentProps<typeof HealthexConnect>;
