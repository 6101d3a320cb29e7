/// <reference types="mocha" />
/**
 * For a test file about one of the built script-tag files loaded from next to the first one
 * (Spanish, the part below the banner) arriving with one byte changed: wtr-built-files.mjs serves it
 * tampered while the switch is on. Registers the hooks (skip without a build, tamper before, restore
 * after, clean up after each test) and returns the console warnings written meanwhile.
 */
import { bundleMissing } from './load-bundle.js';

/** Flips the switch, then replaces the browser's cached copy of the file, so the next page sees the switch. */
async function tamper(file: string, on: boolean): Promise<void> {
  await fetch(`/__tampered-file?file=${file}&tampered=${on ? 1 : 0}`);
  await fetch(`/widget/dist/${file}`, { cache: 'reload' });
}

export function useTamperedFile(file: string): unknown[][] {
  const warnings: unknown[][] = [];
  const warn = console.warn;
  before(async function () {
    if (bundleMissing) {
      console.warn(`bundle tests skipped: ${bundleMissing}`);
      this.skip();
    }
    await tamper(file, true);
    console.warn = (...args: unknown[]) => void warnings.push(args);
  });
  after(async () => {
    console.warn = warn;
    await tamper(file, false);
  });
  // helpers.js only after the built file has defined the element (load-bundle.js), as the tests import it.
  afterEach(async () => (await import('./helpers.js')).cleanup());
  return warnings;
}
