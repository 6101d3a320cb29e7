/**
 * A connect service in a process of its own, for tests that need several (limits shared by all
 * processes): forked by `forkConnectService`, it reads its environment from CONNECT_SERVICE_ENV
 * (JSON) and its database from CONNECT_SERVICE_MONGODB_URI, reports its URL over IPC, and stops
 * when told to (or when its parent goes away).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { startConnectService } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';

type ChildMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

export interface ForkedConnectService {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(import.meta.url);

/** Starts a service process; resolves when it listens. */
export async function forkConnectService(env: Record<string, string>, mongodbUri: string): Promise<ForkedConnectService> {
  const child = fork(ENTRY, ['--child'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CONNECT_SERVICE_ENV: JSON.stringify(env), CONNECT_SERVICE_MONGODB_URI: mongodbUri },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service process did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the service process exited (code ${code}) before it was ready`)));
    child.on('message', (message: ChildMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`the service process failed: ${message.message}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}

async function runChild(): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  try {
    const config = await loadConfig(JSON.parse(process.env['CONNECT_SERVICE_ENV'] ?? '{}') as Record<string, string>);
    const log = createLogger('silent', new Writable({ write: (_chunk, _enc, done) => done() }));
    const service = await startConnectService({ config, mongodbUri: process.env['CONNECT_SERVICE_MONGODB_URI']!, log });
    const stop = async () => {
      await service.close().catch(() => undefined);
      process.exit(0);
    };
    process.on('message', (message) => void (message === 'stop' && stop()));
    process.on('disconnect', () => void stop());
    send({ type: 'ready', url: service.url });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    process.exit(1);
  }
}

if (process.argv.includes('--child')) void runChild();
