/**
 * Which MongoDB server the product and the tests use (docs/architecture.md section 5), owned by this one module:
 * 1. `MONGODB_URI` when set (production: a replica set or Atlas) — nothing is started;
 * 2. else a real `mongod` (named by `MONGOD_PATH`, or found on the PATH), in a temporary directory;
 * 3. else the embedded MongoDB-compatible engine from `@jongodb/memory-server-bin-linux-x64-gnu`.
 * `stop()` stops whatever was started, and only that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort } from '../net/free-port.js';

export type DatabaseKind = 'external' | 'mongod' | 'embedded';

export interface RunningDatabase {
  uri: string;
  kind: DatabaseKind;
  /** The server process this module started (absent for an external server): fault tests pause it. */
  pid?: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

export async function startDatabase(env: NodeJS.ProcessEnv = process.env): Promise<RunningDatabase> {
  const external = env.MONGODB_URI?.trim();
  if (external) return { uri: external, kind: 'external', stop: async () => {} };

  const mongod = env.MONGOD_PATH?.trim() || (await findOnPath('mongod', env.PATH ?? ''));
  if (mongod) return startMongod(mongod);

  const embedded = await embeddedEngineBinary();
  if (embedded) return startEmbedded(embedded);

  throw new Error(
    'No MongoDB available: set MONGODB_URI, install mongod (or set MONGOD_PATH), or install the optional ' +
      'dependency @jongodb/memory-server-bin-linux-x64-gnu (linux-x64 glibc only).',
  );
}

async function findOnPath(name: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

async function embeddedEngineBinary(): Promise<string | null> {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
    const binary = join(pkg, '..', 'bin', 'jongodb');
    await access(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

async function startEmbedded(binary: string): Promise<RunningDatabase> {
  const child = spawn(binary, ['--host=127.0.0.1', '--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await waitForOutput(child, /JONGODB_URI=(\S+)/, 'the embedded MongoDB engine');
  return { uri, kind: 'embedded', ...(child.pid ? { pid: child.pid } : {}), stop: () => stopChild(child) };
}

async function startMongod(binary: string): Promise<RunningDatabase> {
  const dbPath = await mkdtemp(join(tmpdir(), 'healthex-mongod-'));
  const port = await freePort();
  const child = spawn(binary, ['--dbpath', dbPath, '--bind_ip', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /(Waiting for connections)/, 'mongod');
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    kind: 'mongod',
    ...(child.pid ? { pid: child.pid } : {}),
    stop: async () => {
      await stopChild(child);
      await rm(dbPath, { recursive: true, force: true });
    },
  };
}

function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start within ${STARTUP_TIMEOUT_MS / 1000}s`)), STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-8192);
      const match = pattern.exec(seen);
      if (match?.[1]) {
        cleanup();
        // Keep draining the pipes so a chatty server never blocks on a full buffer.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => fail(new Error(`${what} exited (code ${code}) before it was ready: ${seen.trim().slice(-500)}`));
    const fail = (error: Error) => {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
