import type * as BelowFold from './below-fold.js';

export type BelowFoldModule = typeof BelowFold;

/**
 * The npm entry's regions below the banner: a dynamic import, so the host's bundler puts them in a
 * chunk of their own. The script-tag build puts below-fold-load.script-tag.ts in this module's place.
 */
export const loadBelowFold = (): Promise<BelowFoldModule> => import('./below-fold.js');
