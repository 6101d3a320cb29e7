/**
 * Framework typings for the npm package, generated from the Custom Elements Manifest the widget
 * build has just written (dist/widget/custom-elements.json), so they can never drift from the
 * element: every attribute, property and event with its type and description.
 *
 *  - dist/widget/frameworks/healthex-connect-props.d.ts — the element's props, by break-stuff's
 *    custom-element-jsx-integration (its `HealthexConnectProps`: attributes, properties, `on<event>`
 *    handlers with typed CustomEvent details);
 *  - react-jsx.d.ts, vue.d.ts and svelte.d.ts (widget/frameworks/types/) — thin augmentations of
 *    React's JSX, Vue's GlobalComponents and Svelte 5's `svelte/elements` with those props (plus
 *    each framework's own HTML attributes). The same author's Vue and Svelte generators were tried
 *    and not used: the Vue one keys props by attribute name (`api-base`, `onhealthex-…`) where
 *    vue-tsc looks for `apiBase` and `onHealthexStatusChange`, so templates went unchecked; the
 *    Svelte one writes Svelte 4 syntax (`on:`/`bind:`) into a namespace that does not merge.
 * Each typing file has a JavaScript twin that re-exports the package entry: `import
 * 'healthex-connect/vue'` both defines the element and types it in templates.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateJsxTypes } from 'custom-element-jsx-integration';

const OUT = 'dist/widget/frameworks';
const manifest = JSON.parse(readFileSync('dist/widget/custom-elements.json', 'utf8'));

/**
 * The generators take an event's `type` to be its detail type (and wrap it in CustomEvent<…>
 * themselves), while our manifest says `CustomEvent<Detail>`; and they list every public field,
 * including the read-only `status` getter, which no framework can set.
 */
function generatorView(cem) {
  const view = structuredClone(cem);
  for (const mod of view.modules) {
    for (const declaration of mod.declarations ?? []) {
      for (const event of declaration.events ?? []) {
        const detail = /^CustomEvent<(\w+)>$/.exec(event.type?.text ?? '');
        if (!detail) throw new Error(`build-framework-types: event ${event.name} has no CustomEvent<Detail> type in the manifest`);
        event.type = { text: detail[1] };
      }
      if (declaration.members) declaration.members = declaration.members.filter((member) => !member.readonly);
    }
  }
  return view;
}

mkdirSync(OUT, { recursive: true });
const view = generatorView(manifest);
generateJsxTypes(view, { outdir: OUT, globalTypePath: '../index.js', hideLogs: true, fileName: 'healthex-connect-props.d.ts' });

// The generated props must name every event with its detail type (a generator upgrade that changes
// its output shape fails the build here rather than shipping `any`).
const props = readFileSync(`${OUT}/healthex-connect-props.d.ts`, 'utf8');
for (const event of manifest.modules.flatMap((mod) => mod.declarations.flatMap((d) => d.events ?? []))) {
  const detail = /^CustomEvent<(\w+)>$/.exec(event.type.text)[1];
  if (!props.includes(`"on${event.name}"?: (e: CustomEvent<${detail}>) => void;`)) {
    throw new Error(`build-framework-types: ${OUT}/healthex-connect-props.d.ts lacks a typed on${event.name}`);
  }
}

for (const file of ['react-jsx.d.ts', 'vue.d.ts', 'svelte.d.ts']) copyFileSync(new URL(`./types/${file}`, import.meta.url), `${OUT}/${file}`);
for (const name of ['react-jsx', 'svelte', 'vue']) {
  writeFileSync(`${OUT}/${name}.js`, "// Defines <healthex-connect>; the typing for this framework is in the .d.ts beside this file.\nexport * from '../index.js';\n");
}
console.log(`framework typings: ${OUT}/{healthex-connect-props,react-jsx,vue,svelte}.d.ts`);
