/**
 * web-test-runner.config.mjs never drops a browser that was asked for without saying so: with CI=true
 * or an explicit WTR_BROWSERS, a missing binary fails loading the config with a message naming it;
 * only a local run with the default list (chromium, firefox, webkit) skips it (with a warning). Each case loads the config in a
 * fresh `node` with its own environment (nothing is launched: loading only builds the launchers).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LOAD = "import('./web-test-runner.config.mjs').then((m) => console.log('browsers ' + m.default.browsers.length), (e) => { console.error(e.message); process.exit(3); })";
// Each load starts a node that imports the config (WebdriverIO, tsx): seconds apiece on a busy machine.
const LOADS_TIMEOUT_MS = 90_000;
const PRESENT = process.execPath; // any file that exists stands in for a browser binary
/** WebKit needs its driver, MiniBrowser and Xvfb; stand-ins, so the cases do not depend on this machine. */
const WEBKIT_PRESENT = { WEBKIT_DRIVER_PATH: PRESENT, MINIBROWSER_PATH: PRESENT, XVFB_PATH: PRESENT };

async function load(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return run(process.execPath, ['-e', LOAD], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', CHROMIUM_PATH: PRESENT, ...WEBKIT_PRESENT, ...env }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout, err: error.stderr }),
  );
}

it('fails with CI=true when a default browser is missing, naming it', async () => {
  const result = await load({ CI: 'true', FIREFOX_PATH: '/nonexistent/firefox' });
  expect(result.code).toBe(3);
  expect(result.err).toMatch(/Browsers asked for \(CI=true\) but not installed: firefox \(no binary at \/nonexistent\/firefox; set FIREFOX_PATH\)/);
}, LOADS_TIMEOUT_MS);

it('fails when WTR_BROWSERS names a browser that is missing, or one it does not know', async () => {
  const missing = await load({ WTR_BROWSERS: 'chromium,firefox', FIREFOX_PATH: '/nonexistent/firefox' });
  expect(missing.code).toBe(3);
  expect(missing.err).toMatch(/\(WTR_BROWSERS=chromium,firefox\) but not installed: firefox/);
  const unknown = await load({ WTR_BROWSERS: 'chrome' });
  expect(unknown.code).toBe(3);
  expect(unknown.err).toMatch(/unknown browsers: chrome/);
}, LOADS_TIMEOUT_MS);

it('locally, with the default list, skips a missing browser with a warning', async () => {
  const result = await load({ FIREFOX_PATH: '/nonexistent/firefox' });
  expect(result.code).toBe(0);
  expect(result.out).toContain('browsers 2');
  expect(result.err).toMatch(/skipping firefox/);
}, LOADS_TIMEOUT_MS);

it('fails when WebKit is asked for and any of its three files is missing, naming it', async () => {
  const asked = await load({ WTR_BROWSERS: 'webkit', MINIBROWSER_PATH: '/nonexistent/MiniBrowser' });
  expect(asked.code).toBe(3);
  expect(asked.err).toMatch(/\(WTR_BROWSERS=webkit\) but not installed: webkit \(no binary at \/nonexistent\/MiniBrowser; set MINIBROWSER_PATH\)/);
  const inCi = await load({ CI: 'true', FIREFOX_PATH: PRESENT, WEBKIT_DRIVER_PATH: '/nonexistent/WebKitWebDriver' });
  expect(inCi.code).toBe(3);
  expect(inCi.err).toMatch(/\(CI=true\) but not installed: webkit \(no binary at \/nonexistent\/WebKitWebDriver; set WEBKIT_DRIVER_PATH\)/);
}, LOADS_TIMEOUT_MS);

it('locally skips WebKit with a warning when a file is missing, and runs all three when they are there', async () => {
  const local = await load({ FIREFOX_PATH: PRESENT, XVFB_PATH: '/nonexistent/Xvfb' });
  expect(local).toMatchObject({ code: 0, out: 'browsers 2\n' });
  expect(local.err).toMatch(/skipping webkit \(no binary at \/nonexistent\/Xvfb; set XVFB_PATH\)/);
  const all = await load({ CI: 'true', FIREFOX_PATH: PRESENT });
  expect(all).toMatchObject({ code: 0, out: 'browsers 3\n' });
}, LOADS_TIMEOUT_MS);

it('runs what WTR_BROWSERS names when it is there', async () => {
  const result = await load({ CI: 'true', WTR_BROWSERS: 'chromium', FIREFOX_PATH: '/nonexistent/firefox' });
  expect(result).toMatchObject({ code: 0, out: 'browsers 1\n' });
}, LOADS_TIMEOUT_MS);
