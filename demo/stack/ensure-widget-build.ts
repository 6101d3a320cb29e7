/**
 * Builds the widget (`npm run build:widget`) when dist/widget is missing or older than its sources,
 * so `npm start` and the end-to-end tests work on a fresh clone without rebuilding every time.
 * A lock directory keeps concurrent callers (parallel test files, two terminals) to one build.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist/widget');
const LOCK = join(ROOT, 'dist/.widget-build.lock');
const LOCK_STALE_MS = 10 * 60_000;

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') newest = Math.max(newest, await newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, await mtime(path));
    }
  }
  return newest;
}

/** Why the build is needed, or null when dist/widget is up to date. */
export async function widgetBuildReason(): Promise<string | null> {
  let manifest: { version?: string; file?: string };
  try {
    manifest = JSON.parse(await readFile(join(DIST, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return 'dist/widget/manifest.json is missing';
  }
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  if (manifest.version !== version) return `dist/widget is for v${manifest.version}, package.json says v${version}`;
  const built = Math.min(await mtime(join(DIST, 'manifest.json')), await mtime(join(DIST, 'index.js')));
  if (built === 0) return 'dist/widget/index.js is missing';
  const sources = Math.max(await newestSource(join(ROOT, 'widget')), await mtime(join(ROOT, 'rollup.config.mjs')));
  return sources > built ? 'widget sources changed since the last build' : null;
}

function run(command: string, args: string[], quiet: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${output.slice(-4000)}`)),
    );
  });
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await mtime(LOCK));
      if ((await mtime(LOCK)) !== 0 && age > LOCK_STALE_MS) await rmdir(LOCK).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

export interface WidgetBuildOptions {
  quiet?: boolean;
  log?: (line: string) => void;
}

async function buildIfNeeded(options: WidgetBuildOptions): Promise<boolean> {
  const reason = await widgetBuildReason(); // another caller may have built it meanwhile
  if (reason === null) return false;
  options.log?.(`Building the widget (${reason}): npm run build:widget`);
  await run('npm', ['run', '--silent', 'build:widget'], options.quiet ?? false);
  return true;
}

/** Runs `npm run build:widget` when needed; returns whether it built. */
export async function ensureWidgetBuild(options: WidgetBuildOptions = {}): Promise<boolean> {
  if ((await widgetBuildReason()) === null) return false;
  return withLock(() => buildIfNeeded(options));
}

/**
 * Builds when needed and copies dist/widget into `into`, under the lock: a running demo keeps one
 * consistent build even when someone rebuilds (which first deletes dist/widget) while it runs.
 * `into` must be inside the repository so the npm entry's bare imports (lit, @trpc/client) resolve.
 */
export async function snapshotWidgetBuild(into: string, options: WidgetBuildOptions = {}): Promise<void> {
  await withLock(async () => {
    await buildIfNeeded(options);
    await cp(DIST, into, { recursive: true });
  });
}
