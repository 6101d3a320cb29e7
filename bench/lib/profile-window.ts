/**
 * Profiles exactly one measured window of a process started with profile-on-signal.mjs preloaded:
 * start-up and warm-up stay out of the profile, so its µs per request divide by the requests the
 * window served and nothing else.
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The preload: `node --import <PROFILE_PRELOAD> …` with BENCH_PROFILE_DIR in the environment. */
export const PROFILE_PRELOAD = fileURLToPath(new URL('./profile-on-signal.mjs', import.meta.url));

async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await access(file);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The arguments and environment that make a process profilable by `profiledWindow`. */
export async function profilable(dir: string): Promise<{ args: string[]; env: Record<string, string> }> {
  await mkdir(dir, { recursive: true });
  return { args: ['--import', PROFILE_PRELOAD], env: { BENCH_PROFILE_DIR: dir } };
}

/** Starts the process's profiler, runs `measured`, stops it; the profile is then `dir`/profile.cpuprofile. */
export async function profiledWindow<T>(pid: number, dir: string, measured: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGUSR2');
  await waitForFile(join(dir, 'started'));
  const result = await measured();
  process.kill(pid, 'SIGUSR2');
  await waitForFile(join(dir, 'profile.cpuprofile'));
  return result;
}
