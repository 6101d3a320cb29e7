/** Vue 3 + Vite, typed by `healthex-connect/vue` and checked by vue-tsc (release/frameworks/apps/vue). */
import { clientAppSuite } from './support/client-app-suite.js';
import { runTool } from './support/framework-install.js';

clientAppSuite({
  name: 'vue',
  typeCheck: (dir) => runTool(dir, 'vue-tsc/bin/vue-tsc.js', ['-p', 'tsconfig.json']),
  wrongProp: { file: 'src/RecordsPage.vue', from: ':tokenProvider="fetchConnectToken"', to: ':tokenProvider="42"', error: /RecordsPage\.vue\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'TokenProvider'/ },
  build: (dir, apiBase) => runTool(dir, 'vite/bin/vite.js', ['build', '--outDir', 'dist'], { VITE_HEALTHEX_API_BASE: apiBase }),
  distDir: 'dist',
  popupFlow: false,
});
