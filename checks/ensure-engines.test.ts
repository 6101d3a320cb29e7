/**
 * scripts/ensure-engines.sh, the step `npm test` and .ci/run start with: when an engine is missing
 * and it may not install (not root), it stops at once with one message naming the command to run.
 * The engines are made "missing" by pointing their *_PATH variables at nothing; as root the script
 * is run as nobody (setpriv), so it never installs anything here.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/ensure-engines.sh', import.meta.url));

async function ensureEngines(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const asNobody = process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', SCRIPT]] : ['bash', [SCRIPT]];
  const [command, args] = asNobody as [string, string[]];
  return run(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout, err: error.stderr }),
  );
}

it('stops at once without root, naming each missing package once and the command that installs them', async () => {
  const result = await ensureEngines({ FIREFOX_PATH: '/nonexistent/firefox', WEBKIT_DRIVER_PATH: '/nonexistent/WebKitWebDriver', MINIBROWSER_PATH: '/nonexistent/MiniBrowser' });
  expect(result.code).toBe(1);
  expect(result.err.trim().split('\n')).toHaveLength(1);
  expect(result.err).toContain('the tests need firefox-esr webkit2gtk-driver, which are not installed.');
  expect(result.err).toContain("Run: sudo sh -c 'apt-get update && apt-get install -y firefox-esr webkit2gtk-driver'");
});
