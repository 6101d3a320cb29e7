/** Custom Elements Manifest for <healthex-connect>, generated from the source by `npm run build:widget`. */
export default {
  globs: ['widget/healthex-connect.ts', 'widget/define.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/testing/**'],
  outdir: 'dist/widget',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      // Lit's internal reactive state (`state: true`, underscore names) has no attribute and is not API.
      name: 'drop-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !a.name.startsWith('_'));
            if (declaration.members) declaration.members = declaration.members.filter((m) => !m.name.startsWith('_') && m.privacy !== 'private');
          }
        }
      },
    },
  ],
};
