/**
 * `import 'healthex-connect/svelte'`: defines <healthex-connect> and types it in Svelte 5 markup
 * (svelte-check): its attributes, properties and `onhealthex-…` event attributes from the generated
 * props, plus Svelte's own HTML attributes. Svelte 5 reads element types from `svelte/elements`'
 * SvelteHTMLElements (the successor of the global `svelteHTML.IntrinsicElements`).
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { HealthexConnect } from '../index.js';
import type { HealthexConnectProps } from './healthex-connect-props.js';
import type { HealthexConnectAttributeProperties } from './healthex-connect-properties.js';

export * from '../index.js';
export type { HealthexConnectProps } from './healthex-connect-props.js';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'healthex-connect': HTMLAttributes<HealthexConnect> & HealthexConnectProps & HealthexConnectAttributeProperties;
  }
}
