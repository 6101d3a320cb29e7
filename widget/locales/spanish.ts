import type { Copy } from './copy.js';

/** The npm entry's Spanish: a dynamic import, so the host's bundler puts it in a chunk of its own. */
export const loadSpanish = (): Promise<Copy> => import('./es.js').then((module) => module.es);
