/**
 * `import 'healthex-connect/react-jsx'`: defines <healthex-connect> and adds it to React's JSX
 * (React 19, client-rendered apps): its attributes, properties and `onhealthex-…` events from the
 * generated props, plus React's own HTML attributes (className, id, style, ref…).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { HealthexConnect } from '../index.js';
import type { HealthexConnectProps } from './healthex-connect-props.js';
import type { HealthexConnectAttributeProperties } from './healthex-connect-properties.js';

export * from '../index.js';
export type { HealthexConnectProps } from './healthex-connect-props.js';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'healthex-connect': DetailedHTMLProps<HTMLAttributes<HealthexConnect>, HealthexConnect> & HealthexConnectProps & HealthexConnectAttributeProperties;
    }
  }
}
