/** React 19 + Vite, the plain element typed by `healthex-connect/react-jsx` (release/frameworks/apps/react-vite). */
import { clientAppSuite } from './support/client-app-suite.js';
import { runTool } from './support/framework-install.js';

clientAppSuite({
  name: 'react-vite',
  typeCheck: (dir) => runTool(dir, 'typescript/bin/tsc', ['-p', 'tsconfig.json']),
  wrongProp: { file: 'src/RecordsPage.tsx', from: 'tokenProvider={fetchConnectToken}', to: 'tokenProvider={42}', error: /RecordsPage\.tsx\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'TokenProvider'/ },
  build: (dir, apiBase) => runTool(dir, 'vite/bin/vite.js', ['build', '--outDir', 'dist'], { VITE_HEALTHEX_API_BASE: apiBase }),
  distDir: 'dist',
  popupFlow: true,
});
