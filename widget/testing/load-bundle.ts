/**
 * Loads the built script-tag file (`widget/dist/healthex-connect.min.js`, from `npm run build:widget`),
 * which defines `<healthex-connect>`. Importers wait for it (top-level await); they must import
 * helpers.ts (whose define.js then leaves the bundle's definition alone) only afterwards, dynamically:
 * a static sibling import would be evaluated first.
 */
export const bundleUrl = '/widget/dist/healthex-connect.min.js';

/** Why the bundle could not be loaded, or null when it defined the element. */
export const bundleMissing: string | null = await import(/* @vite-ignore */ bundleUrl).then(
  () => (customElements.get('healthex-connect') ? null : `${bundleUrl} did not define <healthex-connect>`),
  (error: unknown) => `${bundleUrl} could not be loaded (run \`npm run build:widget\`): ${String(error)}`,
);
