/** Forks bench/lib/service-process.ts and talks to it over IPC. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './service-process.js';

const ENTRY = fileURLToPath(new URL('./service-process.ts', import.meta.url));

export interface ForkedService {
  serviceUrl: string;
  baselineUrl: string;
  /** The same read as a tRPC query on tRPC's standalone adapter, nothing of ours around it. */
  trpcFloorUrl: string;
  pid: number;
  memory(gc?: boolean): Promise<NodeJS.MemoryUsage>;
  /** CPU time (user + system, µs) the process has used so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function forkService(options: {
  mongodbUri: string;
  env: Record<string, string>;
  logDest?: string;
  /** Write a V8 CPU profile (--cpu-prof) into this directory when the process exits. */
  cpuProfileDir?: string;
}): Promise<ForkedService> {
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [])],
    env: {
      ...process.env,
      BENCH_MONGODB_URI: options.mongodbUri,
      BENCH_SERVICE_ENV: JSON.stringify(options.env),
      BENCH_LOG_DEST: options.logDest ?? '/dev/null',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service process did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the service process exited (code ${code}) before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
  });

  function send(message: ParentMessage) {
    child.send(message);
  }

  function ask(gc: boolean): Promise<Extract<ChildMessage, { type: 'memory' }>> {
    return new Promise((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'memory') return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      send({ type: 'memory', gc });
    });
  }

  return {
    serviceUrl: ready.serviceUrl,
    baselineUrl: ready.baselineUrl,
    trpcFloorUrl: ready.trpcFloorUrl,
    pid: ready.pid,
    async memory(gc = false) {
      return (await ask(gc)).usage;
    },
    async cpuMicros() {
      const { cpu } = await ask(false);
      return cpu.user + cpu.system;
    },
    async stop() {
      if (child.exitCode !== null) return;
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
