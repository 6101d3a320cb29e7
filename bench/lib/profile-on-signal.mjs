/**
 * Preloaded into a benchmarked process (`node --import ./bench/lib/profile-on-signal.mjs …`) so its
 * CPU profile covers only the window the benchmark measures, never start-up or warm-up: the first
 * SIGUSR2 starts V8's sampling profiler through `node:inspector` (the same profiler and interval as
 * `--cpu-prof`), the second stops it and writes `profile.cpuprofile` into BENCH_PROFILE_DIR. Each
 * step writes a marker file when done (`started`, then the profile itself, renamed into place), so
 * the benchmark knows when to load and when to read. Plain JavaScript, so plain `node` runs it.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (!dir) throw new Error('profile-on-signal.mjs needs BENCH_PROFILE_DIR');
/** --cpu-prof's default sampling interval, in µs. */
const INTERVAL_MICROS = 1000;

let session = null;
process.on('SIGUSR2', () => {
  void (async () => {
    if (session === null) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: INTERVAL_MICROS });
      await session.post('Profiler.start');
      writeFileSync(join(dir, 'started'), '');
    } else {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const file = join(dir, 'profile.cpuprofile');
      writeFileSync(`${file}.partial`, JSON.stringify(profile));
      renameSync(`${file}.partial`, file);
    }
  })();
});
