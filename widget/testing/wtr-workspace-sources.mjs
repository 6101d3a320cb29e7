/**
 * @web/test-runner plugin: the shared contract's package name means its TypeScript sources in the
 * browser tests (as tsconfig.json's `paths` say for the type check and rollup.config.mjs for the
 * builds), so widget tests never need a build of the contract.
 */
export function workspaceSourcesPlugin() {
  return {
    name: 'workspace-sources',
    resolveImport({ source }) {
      return source === 'healthex-connect-contract' ? '/contract/index.ts' : undefined;
    },
  };
}
