/** Svelte 5 + Vite, typed by `healthex-connect/svelte` and checked by svelte-check (release/frameworks/apps/svelte). */
import { clientAppSuite } from './support/client-app-suite.js';
import { runTool } from './support/framework-install.js';

clientAppSuite({
  name: 'svelte',
  typeCheck: (dir) => runTool(dir, 'svelte-check/bin/svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']),
  wrongProp: { file: 'src/RecordsPage.svelte', from: 'tokenProvider={fetchConnectToken}', to: 'tokenProvider={42}', error: /RecordsPage\.svelte:\d+:\d+\s+Error: Type 'number' is not assignable to type 'TokenProvider'/ },
  build: (dir, apiBase) => runTool(dir, 'vite/bin/vite.js', ['build', '--outDir', 'dist'], { VITE_HEALTHEX_API_BASE: apiBase }),
  distDir: 'dist',
  popupFlow: false,
});
