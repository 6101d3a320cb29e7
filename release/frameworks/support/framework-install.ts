/**
 * The one install the five framework apps share: release/frameworks/apps/package.json (React,
 * Next.js, Vue, Svelte, Angular and their tools, pinned) installed once into
 * a folder of the system's temporary directory (one per checkout; outside any node_modules, which
 * svelte-check and others skip) — again only when that file changes — and on every run the
 * freshly packed `healthex-connect` tarball added on top, exactly as an app installs it. Each app's
 * sources are copied into apps/<name>/ under that folder, so Node's resolution finds the shared
 * node_modules from every app.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../../testkit/processes/service-process.js';

const run = promisify(execFile);

export const APPS_SOURCE = join(REPO_ROOT, 'release/frameworks/apps');
export const INSTALL_DIR = join(tmpdir(), `healthex-framework-apps-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`);
const NPM_QUIET = ['--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'];

/** A tool from the shared install, run with this Node (no shell, no npx look-ups). */
export function toolPath(relative: string): string {
  return join(INSTALL_DIR, 'node_modules', relative);
}

async function readOr(path: string, fallback: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => fallback);
}

/** Installs the shared dependencies when their list changed, then the packed package. Returns seconds spent per step. */
export async function installFrameworkDependencies(tarballDir: string, tarball: string): Promise<{ dependencies: number; tarball: number }> {
  await mkdir(INSTALL_DIR, { recursive: true });
  const wanted = await readFile(join(APPS_SOURCE, 'package.json'), 'utf8');
  const started = performance.now();
  if ((await readOr(join(INSTALL_DIR, 'package.json'), '')) !== wanted || (await readOr(join(INSTALL_DIR, 'node_modules/.package-lock.json'), '')) === '') {
    await writeFile(join(INSTALL_DIR, 'package.json'), wanted);
    await run('npm', ['install', ...NPM_QUIET], { cwd: INSTALL_DIR, timeout: 600_000, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const dependencies = (performance.now() - started) / 1000;
  await cp(join(tarballDir, tarball), join(INSTALL_DIR, tarball));
  // --no-save: the tarball's integrity changes with every build; the shared list stays as committed.
  await run('npm', ['install', '--no-save', ...NPM_QUIET, `./${tarball}`], { cwd: INSTALL_DIR, timeout: 300_000 });
  return { dependencies, tarball: (performance.now() - started) / 1000 - dependencies };
}

/** A fresh copy of release/frameworks/apps/<name> inside the shared install; returns its folder. */
export async function copyApp(name: string): Promise<string> {
  const dir = join(INSTALL_DIR, 'apps', name);
  await rm(dir, { recursive: true, force: true });
  await cp(join(APPS_SOURCE, name), dir, { recursive: true });
  return dir;
}

export interface ToolRun {
  ok: boolean;
  output: string;
  seconds: number;
}

/** Runs a Node tool of the shared install in `cwd`; never throws on a non-zero exit (the caller asserts). */
export async function runTool(cwd: string, tool: string, args: string[], env: Record<string, string> = {}, timeout = 300_000): Promise<ToolRun> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(process.execPath, [toolPath(tool), ...args], { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...FRAMEWORK_ENV, ...env } });
    return { ok: true, output: plain(`${stdout}${stderr}`), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: plain(`${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message), seconds: (performance.now() - started) / 1000 };
  }
}

/** Without terminal colour codes (ngc colours its diagnostics whatever NO_COLOR says). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** No telemetry, no analytics prompt, no colour codes in the output the tests read. */
export const FRAMEWORK_ENV = { NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' };

/**
 * The "deliberately wrong prop" check: replaces `from` with `to` in one file of the app, runs the
 * type-check, and puts the file back whatever happened. Fails the test if `from` is not there.
 */
export async function typeCheckWithChange(dir: string, file: string, from: string, to: string, check: () => Promise<ToolRun>): Promise<ToolRun> {
  const path = join(dir, file);
  const original = await readFile(path, 'utf8');
  if (!original.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(path, original.replace(from, to));
  try {
    return await check();
  } finally {
    await writeFile(path, original);
  }
}
