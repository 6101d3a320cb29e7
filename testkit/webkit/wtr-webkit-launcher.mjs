/**
 * @web/test-runner browser launcher for WebKit: @web/test-runner-webdriver's WebdriverLauncher (over
 * WebdriverIO) pointed at Debian's WebKitWebDriver and MiniBrowser, which this launcher starts on a
 * private Xvfb display when the run begins and stops when it ends (testkit/webkit/webkit-driver.ts).
 */
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { tsImport } from 'tsx/esm/api';

const { webkitCapabilities, WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH, startWebKitDriver } = await tsImport('./webkit-driver.ts', import.meta.url);

/** What WebKit needs on disk, each with the variable that points elsewhere (for the config's missing-browser rules). */
export const WEBKIT_FILES = [
  { path: WEBKIT_DRIVER_PATH, variable: 'WEBKIT_DRIVER_PATH' },
  { path: MINIBROWSER_PATH, variable: 'MINIBROWSER_PATH' },
  { path: XVFB_PATH, variable: 'XVFB_PATH' },
];

class WebKitLauncher extends WebdriverLauncher {
  /** @type {import('./webkit-driver.ts').WebKitDriver | undefined} */
  #driver;

  constructor() {
    super({ capabilities: webkitCapabilities({ popupsWithoutGesture: true }), logLevel: 'error' });
  }

  /** @param {import('@web/test-runner-core').TestRunnerCoreConfig} config */
  async initialize(config) {
    await super.initialize(config);
    this.name = 'WebKit';
    this.#driver = await startWebKitDriver();
    this.options.hostname = this.#driver.hostname;
    this.options.port = this.#driver.port;
  }

  async stop() {
    await super.stop();
    await this.#driver?.stop();
    this.#driver = undefined;
  }
}

export function webkitLauncher() {
  return new WebKitLauncher();
}
