/**
 * Runs a program under plain `node` (no tsx) as a process of its own, the way production runs the
 * compiled service: stdout goes to a file (what a log shipper reading the process's output costs it
 * is a synchronous write per line either way), and the process is ready once a line of its output
 * says so. CPU time is read from /proc, so nothing in the process answers the benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface NodeProcess {
  pid: number;
  /** The ready line, parsed. */
  ready: Record<string, unknown>;
  /** User + system CPU time (µs) the process has used so far. */
  cpuMicros(): Promise<number>;
  /** Every line the process wrote so far. */
  lines(): Promise<string[]>;
  /** SIGTERM, then waits for the exit (a `--cpu-prof` profile is written on the way out). */
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export async function cpuMicrosOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
}

export async function startNodeProcess(options: {
  args: string[];
  env: Record<string, string>;
  stdoutFile: string;
  isReady: (line: Record<string, unknown>) => boolean;
  cwd?: string;
}): Promise<NodeProcess> {
  const { openSync, closeSync } = await import('node:fs');
  const out = openSync(options.stdoutFile, 'w');
  const child = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', out, 'inherit'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = async () => (await readFile(options.stdoutFile, 'utf8')).split('\n').filter(Boolean);
  const parsed = (line: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  let ready: Record<string, unknown> | undefined;
  const deadline = Date.now() + 30_000;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`${options.args.join(' ')} exited (code ${child.exitCode}) before it was ready: ${(await lines()).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${options.args.join(' ')} was not ready within 30 s`);
    ready = (await lines()).map(parsed).find((line): line is Record<string, unknown> => line !== null && options.isReady(line));
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid!,
    ready,
    cpuMicros: () => cpuMicrosOf(child.pid!),
    lines,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
