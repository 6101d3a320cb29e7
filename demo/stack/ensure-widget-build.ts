/**
 * Builds the widget (`npm run build:widget`) when widget/dist is missing or older than its sources,
 * so `npm start` and the end-to-end tests work on a fresh clone without rebuilding every time.
 * A lock directory keeps concurrent callers (parallel test files, two terminals) to one build.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'widget/dist');
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
      if (entry.name !== 'testing' && entry.name !== 'dist' && entry.name !== 'node_modules') newest = Math.max(newest, await newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, await mtime(path));
    }
  }
  return newest;
}

/** Why the build is needed, or null when widget/dist is up to date. */
export async function widgetBuildReason(): Promise<string | null> {
  let manifest: { version?: string; file?: string };
  try {
    manifest = JSON.parse(await readFile(join(DIST, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return 'widget/dist/manifest.json is missing';
  }
  const { version } = JSON.parse(await readFile(join(ROOT, 'widget/package.json'), 'utf8')) as { version: string };
  if (manifest.version !== version) return `widget/dist is for v${manifest.version}, widget/package.json says v${version}`;
  const built = Math.min(await mtime(join(DIST, 'manifest.json')), await mtime(join(DIST, 'index.js')));
  if (built === 0) return 'widget/dist/index.js is missing';
  const sources = Math.max(await newestSource(join(ROOT, 'widget')), await newestSource(join(ROOT, 'contract')), await mtime(join(ROOT, 'rollup.config.mjs')));
  return sources > built ? 'widget sources changed since the last build' : null;
}

/**
 * Runs a command in its own process group, so that aborting (Ctrl-C while the demo starts) stops it
 * and everything it started (npm → sh → rollup), not just its first process.
 */
function run(command: string, args: string[], options: { quiet: boolean; signal?: AbortSignal | undefined }): Promise<void> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    const abort = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    process.once('exit', abort); // never leave a build running behind us
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      process.off('exit', abort);
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${output.slice(-4000)}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock directory holding its owner's pid; a lock whose owner died (or that is very old) is taken over. */
async function withLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  await mkdir(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    signal?.throwIfAborted();
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
      const age = Date.now() - (await mtime(LOCK));
      const abandoned = (owner > 0 && !isAlive(owner)) || (owner === 0 && age > 10_000) || age > LOCK_STALE_MS;
      if (abandoned) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

export interface WidgetBuildOptions {
  quiet?: boolean;
  log?: (line: string) => void;
  /** Aborting stops a running build. */
  signal?: AbortSignal;
}

async function buildIfNeeded(options: WidgetBuildOptions): Promise<boolean> {
  const reason = await widgetBuildReason(); // another caller may have built it meanwhile
  if (reason === null) return false;
  options.log?.(`Building the widget (${reason}): npm run build:widget`);
  await run('npm', ['run', '--silent', 'build:widget'], { quiet: options.quiet ?? false, signal: options.signal });
  return true;
}

/** Runs `npm run build:widget` when needed; returns whether it built. */
export async function ensureWidgetBuild(options: WidgetBuildOptions = {}): Promise<boolean> {
  if ((await widgetBuildReason()) === null) return false;
  return withLock(() => buildIfNeeded(options), options.signal);
}

/**
 * Builds when needed and copies widget/dist into `into`, under the lock: a running demo keeps one
 * consistent build even when someone rebuilds (which first deletes widget/dist) while it runs.
 * `into` must be inside the repository so the npm entry's bare imports (lit, @trpc/client) resolve.
 */
export async function snapshotWidgetBuild(into: string, options: WidgetBuildOptions = {}): Promise<void> {
  await withLock(async () => {
    await buildIfNeeded(options);
    await cp(DIST, into, { recursive: true });
  }, options.signal);
}
