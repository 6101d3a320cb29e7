/**
 * Rollup builds of `healthex-connect/react` (widget/dist/react.js + react.d.ts) and of the element
 * entry for server rendering (widget/dist/index.node.js), imported by the root rollup.config.mjs. The entry imports the element through the package's own name, so the
 * React wrapper and `import 'healthex-connect'` share one module (one element definition) in an
 * app; React and @lit/react stay external (React is the app's, an optional peer dependency).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';

const INPUT = 'widget/react/healthex-connect-react.ts';
const reactExternal = (id) => /^(healthex-connect|react|react-dom|@lit\/react)(\/|$)/.test(id);

/**
 * `ts` is the widget's TypeScript plugin factory from rollup.config.mjs (same options, one place);
 * `entryPlugins` are its plugins that resolve the contract from its sources and keep server code out.
 */
export function reactEntryBuilds({ ts, out, entryPlugins }) {
  return [
    // The element entry as Node resolves it (the `node` condition of the package's `.` export):
    // index.js bundles lit's browser build, whose `class extends HTMLElement` throws where there is
    // no DOM, so a server render of `healthex-connect/react` (Next.js) could not even import it.
    // This build bundles lit's Node build instead (its DOM shim: HTMLElement, customElements), so
    // the module loads on the server; browsers, and bundlers building for them, take index.js.
    // No source map: it would add half a megabyte to every install for code no browser runs.
    {
      input: 'widget/index.ts',
      plugins: [...entryPlugins, nodeResolve({ exportConditions: ['node', 'production'] }), ts(false)],
      // One file: a server render needs no language split.
      output: { file: `${out}/index.node.js`, format: 'es', sourcemap: false, inlineDynamicImports: true },
    },
    {
      input: INPUT,
      external: reactExternal,
      plugins: [ts(true)],
      // A client module for React Server Components: a server component may import and render it.
      output: { file: `${out}/react.js`, format: 'es', sourcemap: true, banner: "'use client';" },
    },
    {
      input: INPUT,
      external: reactExternal,
      plugins: [dts({ tsconfig: './tsconfig.json', compilerOptions: { types: [], paths: {} } })],
      output: { file: `${out}/react.d.ts`, format: 'es' },
    },
  ];
}
