import { loadBelowFold, type BelowFoldModule } from './below-fold-load.js';

let file: Promise<BelowFoldModule | null> | null = null;

/**
 * The page file (the regions below the banner and the reads behind them, below-fold.ts), loaded once
 * per page for every element. One that fails stays failed until the page is reloaded (the widget
 * says so in their place), with one console warning.
 */
export function belowFoldFile(): Promise<BelowFoldModule | null> {
  file ??= loadBelowFold().catch((error: unknown) => {
    console.warn('<healthex-connect>: the part of the widget below the banner did not load, so the page shows the banner alone.', error);
    return null;
  });
  return file;
}
