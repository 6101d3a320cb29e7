/**
 * The files of a small Salus-like project that uses the widget package the way its README says:
 * a page built with Vite that does `import 'healthex-connect'`, and TypeScript that uses the
 * element's class and events (plus one file that must NOT type-check, so the check is real).
 */
export const SCRATCH_FILES: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Scratch page</title><script type="module" src="./main.ts"></script></head>
  <body><main><h1>Connect your medical records</h1><healthex-connect return-href="/precision-medicine"></healthex-connect></main></body>
</html>
`,
  'main.ts': `import 'healthex-connect';
import { HealthexConnect } from 'healthex-connect';

const el = document.querySelector('healthex-connect')!;
el.addEventListener('healthex-error', (event) => {
  document.body.dataset.lastError = event.detail.code;
});
(window as unknown as { scratch: unknown }).scratch = { defined: customElements.get('healthex-connect') === HealthexConnect, isInstance: el instanceof HealthexConnect };
`,
  'typed.ts': `import { HealthexConnect, APP_ERROR_CODES, type ConnectionStatus, type HealthexConnectedEvent, type HealthexErrorEvent, type HealthexStatusChangeEvent } from 'healthex-connect';

const el: HealthexConnect = document.createElement('healthex-connect');
el.tokenProvider = async () => 'a connect token';
el.addEventListener('healthex-connected', (event: HealthexConnectedEvent) => {
  const status: ConnectionStatus = event.detail.status;
  console.log(status.state);
});
el.addEventListener('healthex-error', (event: HealthexErrorEvent) => {
  const known: readonly string[] = APP_ERROR_CODES;
  console.log(known.includes(event.detail.code));
});
el.addEventListener('healthex-status-change', (event: HealthexStatusChangeEvent) => console.log(event.detail));
const found: HealthexConnect | null = document.querySelector('healthex-connect');
console.log(found);
`,
  'wrong.ts': `import 'healthex-connect';
const el = document.createElement('healthex-connect');
el.addEventListener('healthex-connected', (event) => {
  const nothing: number = event.detail.status.state; // a state is a string: must not compile
  console.log(nothing);
});
`,
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        // The package's own declarations are checked; the dependencies' (lit, tRPC) are theirs.
        skipLibCheck: true,
        types: [],
      },
      files: ['typed.ts', 'main.ts'],
    },
    null,
    2,
  ),
  'tsconfig.wrong.json': JSON.stringify({ extends: './tsconfig.json', files: ['wrong.ts'] }),
};
