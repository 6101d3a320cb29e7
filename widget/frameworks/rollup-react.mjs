/**
 * Rollup builds of `healthex-connect/react` (widget/dist/react.js + react.d.ts), imported by the
 * root rollup.config.mjs. The entry imports the element through the package's own name, so the
 * React wrapper and `import 'healthex-connect'` share one module (one element definition) in an
 * app; React and @lit/react stay external (React is the app's, an optional peer dependency).
 */
import { dts } from 'rollup-plugin-dts';

const INPUT = 'widget/react/healthex-connect-react.ts';
const reactExternal = (id) => /^(healthex-connect|react|react-dom|@lit\/react)(\/|$)/.test(id);

/** `ts` is the widget's TypeScript plugin factory from rollup.config.mjs (same options, one place). */
export function reactEntryBuilds({ ts, out }) {
  return [
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
