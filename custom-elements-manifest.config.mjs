/**
 * Custom Elements Manifest for <healthex-connect>, generated from the source by `npm run build:widget`
 * and shipped in the npm package (`customElements` in package.json). Rollup bundles the analysed
 * source files into one module, widget/dist/index.js (dist/index.js in the package), so the manifest describes that one module:
 * every path in it is valid inside the installed package.
 */
const PACKAGE_MODULE = 'dist/index.js';
export default {
  globs: ['widget/healthex-connect.ts', 'widget/define.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/testing/**'],
  outdir: 'widget/dist',
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
    {
      name: 'package-paths',
      packageLinkPhase({ customElementsManifest }) {
        const sources = new Set(customElementsManifest.modules.map((mod) => mod.path));
        // References to our own source files (exports, superclasses, inherited members) → the bundle.
        const retarget = (value) => {
          if (Array.isArray(value)) value.forEach(retarget);
          else if (value && typeof value === 'object') {
            for (const [key, inner] of Object.entries(value)) {
              if (key === 'module' && typeof inner === 'string' && sources.has(inner.replace(/^\//, ''))) value[key] = PACKAGE_MODULE;
              else retarget(inner);
            }
          }
        };
        retarget(customElementsManifest.modules);
        const merged = { kind: 'javascript-module', path: PACKAGE_MODULE, declarations: [], exports: [] };
        for (const mod of customElementsManifest.modules) {
          merged.declarations.push(...(mod.declarations ?? []));
          merged.exports.push(...(mod.exports ?? []));
        }
        customElementsManifest.modules = [merged];
      },
    },
  ],
};
