/**
 * Safari's engine on Linux: Debian's WebKitGTK MiniBrowser, driven over W3C WebDriver by
 * WebKitWebDriver, on a private Xvfb display. Used by the widget tests (web-test-runner's WebDriver
 * launcher, testkit/webkit/wtr-webkit-launcher.mjs) and the WebKit end-to-end journeys.
 *
 * Each caller gets its own X display (Xvfb picks a free one with -displayfd, so parallel test files
 * and other users of the machine never collide) and its own driver on a free port; `stop()` ends both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

/**
 * The W3C capabilities WebKitWebDriver needs to start MiniBrowser under automation. WebKitGTK's
 * driver speaks classic WebDriver only: WebdriverIO would otherwise ask for a BiDi socket
 * (webSocketUrl), which the driver refuses as "Failed to match capabilities".
 *
 * `popupsWithoutGesture` turns WebKit's popup blocker off, as the widget tests do in the other
 * engines (their scripted `.click()` is no user gesture); the end-to-end journeys keep it on and
 * click for real.
 */
export function webkitCapabilities(options: { popupsWithoutGesture?: boolean } = {}) {
  const args = ['--automation', ...(options.popupsWithoutGesture ? ['--javascript-can-open-windows-automatically=true'] : [])];
  return {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args },
  };
}

/** Files the WebKit engine needs that are not there (empty when it can run). */
export function missingWebKitFiles(): string[] {
  return [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH, XVFB_PATH].filter((file) => !existsSync(file));
}

export interface WebKitDriver {
  /** Where webdriverio's `remote()` reaches the driver. */
  hostname: '127.0.0.1';
  port: number;
  display: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** GTK settings for MiniBrowser's window: its chrome shrunk so the window can be a phone's 375 px wide. */
const GTK_CONFIG_HOME = fileURLToPath(new URL('./gtk-config/', import.meta.url));

/** Starts Xvfb on a free display, then WebKitWebDriver on a free port drawing on it. */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  const missing = missingWebKitFiles();
  if (missing.length > 0) throw new Error(`WebKit cannot run: missing ${missing.join(', ')} (run scripts/ensure-engines.sh)`);
  const xvfb = await startXvfb();
  try {
    const port = await freePort();
    const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display, XDG_CONFIG_HOME: GTK_CONFIG_HOME },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await waitForDriver(driver, port);
    return {
      hostname: '127.0.0.1',
      port,
      display: xvfb.display,
      async stop() {
        await endProcess(driver);
        await endProcess(xvfb.process);
      },
    };
  } catch (error) {
    await endProcess(xvfb.process);
    throw error;
  }
}

/** Xvfb writes the display number it chose to the pipe named by -displayfd once it accepts clients. */
async function startXvfb(): Promise<{ process: ChildProcess; display: string }> {
  // Wide and tall enough for a 1280 × 900 viewport plus MiniBrowser's own window chrome.
  const xvfb = spawn(XVFB_PATH, ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let written = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    xvfb.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      clearTimeout(timer);
      resolve(`:${written.trim()}`);
    });
    xvfb.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${stderr}`));
    });
  });
  return { process: xvfb, display };
}

async function waitForDriver(driver: ChildProcess, port: number): Promise<void> {
  let stderr = '';
  driver.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${driver.exitCode}: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await endProcess(driver);
  throw new Error(`WebKitWebDriver did not answer on port ${port} within ${START_TIMEOUT_MS} ms: ${stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not gone after 5 s. */
async function endProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
