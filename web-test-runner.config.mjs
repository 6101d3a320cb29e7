/**
 * Widget tests in real browsers, headless and offline: `npm run test:widget`.
 *
 * Browsers: Debian's Chromium (through Playwright), Firefox ESR (through puppeteer-core over
 * WebDriver BiDi, with @web/test-runner-chrome's puppeteer launcher) and WebKit (WebKitGTK's
 * MiniBrowser through WebKitWebDriver and @web/test-runner-webdriver, on its own Xvfb display: see
 * testkit/webkit/). Pick with WTR_BROWSERS=chromium,firefox,webkit (default: all three).
 * CHROMIUM_PATH / FIREFOX_PATH / WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH override the binaries.
 * A browser asked for whose binary is missing fails the run, with a message naming it, when CI=true
 * or WTR_BROWSERS is set (so CI never passes on one browser by accident); only a local run with the
 * default list skips it, with a warning.
 *
 * The tRPC calls go to a fake connect service on another origin (127.0.0.1 vs the pages' localhost),
 * running the real router: see widget/testing/fake-connect-service.ts.
 */
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteer from 'puppeteer-core';
import { fakeConnectPlugin } from './widget/testing/wtr-fake-connect-plugin.mjs';
import { workspaceSourcesPlugin } from './widget/testing/wtr-workspace-sources.mjs';
import { readmeSnippetsPlugin } from './widget/testing/wtr-readme-snippets.mjs';
import { builtFilesPlugin } from './widget/testing/wtr-built-files.mjs';
import { webkitLauncher, WEBKIT_FILES } from './testkit/webkit/wtr-webkit-launcher.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const wanted = (process.env.WTR_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim()).filter(Boolean);
const strict = process.env.CI === 'true' || process.env.WTR_BROWSERS !== undefined;
/** What each browser needs on disk, and the variable that points elsewhere. */
const binaries = {
  chromium: [{ path: chromiumPath, variable: 'CHROMIUM_PATH' }],
  firefox: [{ path: firefoxPath, variable: 'FIREFOX_PATH' }],
  webkit: WEBKIT_FILES,
};
const installed = (name) => binaries[name].every((file) => existsSync(file.path));

const unknown = wanted.filter((name) => !(name in binaries));
if (unknown.length > 0) throw new Error(`WTR_BROWSERS names unknown browsers: ${unknown.join(', ')} (known: ${Object.keys(binaries).join(', ')})`);
const missing = wanted.filter((name) => !installed(name));
if (missing.length > 0) {
  const detail = missing
    .flatMap((name) => binaries[name].filter((file) => !existsSync(file.path)).map((file) => `${name} (no binary at ${file.path}; set ${file.variable})`))
    .join(', ');
  const why = process.env.WTR_BROWSERS !== undefined ? `WTR_BROWSERS=${process.env.WTR_BROWSERS}` : 'CI=true';
  if (strict) throw new Error(`Browsers asked for (${why}) but not installed: ${detail}. Install them (scripts/ensure-engines.sh), or set WTR_BROWSERS to the browsers to run.`);
  console.warn(`web-test-runner: skipping ${detail}; set WTR_BROWSERS to choose, CI=true fails instead.`);
}

const browsers = [];
if (wanted.includes('chromium') && installed('chromium')) {
  browsers.push(
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  );
}
if (wanted.includes('firefox') && installed('firefox')) {
  browsers.push(
    chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: firefoxPath,
        headless: true,
        extraPrefsFirefox: {
          // Offline and quiet: no update checks, telemetry or remote settings.
          'app.update.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.enabled': false,
          'network.captive-portal-service.enabled': false,
          'dom.disable_open_during_load': false,
        },
      },
    }),
  );
}
if (wanted.includes('webkit') && installed('webkit')) browsers.push(webkitLauncher());
if (browsers.length === 0) {
  const lookedAt = wanted.flatMap((name) => binaries[name].map((file) => file.path)).join(', ');
  throw new Error(`No browser found for WTR_BROWSERS=${wanted.join(',')} (looked at ${lookedAt})`);
}

export default {
  files: ['widget/**/*.test.ts'],
  nodeResolve: true,
  rootDir: '.',
  browsers,
  concurrency: 1,
  concurrentBrowsers: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [workspaceSourcesPlugin(), readmeSnippetsPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), fakeConnectPlugin(), builtFilesPlugin()],
};
