/**
 * `import 'healthex-connect/vue'`: defines <healthex-connect> and types it in Vue templates
 * (vue-tsc): Vue's GlobalComponents with the generated props, renamed the way Vue's template
 * compiler names them — `:api-base` is the prop `apiBase`, `@healthex-status-change` the
 * listener `onHealthexStatusChange` — so a wrong value or a wrong handler fails the type-check.
 */
import type { DefineComponent } from 'vue';
import type { HealthexConnectProps } from './healthex-connect-props.js';

export * from '../index.js';
export type { HealthexConnectProps } from './healthex-connect-props.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** `api-base` → `apiBase`; `onhealthex-status-change` → `onHealthexStatusChange`. */
export type HealthexConnectVueProps = {
  [K in keyof HealthexConnectProps as K extends `on${infer Event}` ? `on${Capitalize<Camel<Event>>}` : K extends string ? Camel<K> : never]: HealthexConnectProps[K];
};

declare module 'vue' {
  interface GlobalComponents {
    'healthex-connect': DefineComponent<HealthexConnectVueProps>;
  }
}
