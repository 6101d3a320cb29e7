/**
 * Angular 21 (standalone component, zoneless, strictTemplates) with CUSTOM_ELEMENTS_SCHEMA
 * (release/frameworks/apps/angular). Angular does not type-check property bindings on custom
 * elements, but with strictTemplates it types `$event` from HTMLElementEventMap (which the package
 * augments) and a `#ref` on the element as HealthexConnect: a handler of the wrong event type fails ngc.
 */
import { clientAppSuite } from './support/client-app-suite.js';
import { runTool } from './support/framework-install.js';

clientAppSuite({
  name: 'angular',
  typeCheck: (dir) => runTool(dir, '@angular/compiler-cli/bundles/src/bin/ngc.js', ['-p', 'tsconfig.json', '--noEmit']),
  wrongProp: {
    file: 'src/app/records-page.component.ts',
    from: '(healthex-status-change)="onStatusChange($event)"',
    to: '(healthex-error)="onStatusChange($event)"',
    error: /records-page\.component\.ts:\d+:\d+ - error TS2345: Argument of type 'HealthexErrorEvent' is not assignable to parameter of type 'HealthexStatusChangeEvent'/,
  },
  build: (dir, apiBase) => runTool(dir, '@angular/cli/bin/ng.js', ['build', '--define', `HEALTHEX_API_BASE=${JSON.stringify(apiBase)}`]),
  distDir: 'dist/browser',
  popupFlow: false,
});
