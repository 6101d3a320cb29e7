/**
 * The connect service as a real operating-system process, for the tests that need one (shutdown on
 * a signal, several instances on one database — shared limits, three-process scale-out — the
 * compiled build): the one launcher for all of them, `node --import tsx server/main.ts`
 * from the sources, or `node server/dist/main.js` from a build. Its JSON log lines are kept; the
 * listening URLs come from the "connect service listening" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceSecretHash } from '../../server/backend-api/service-credentials.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PROCESS_ISSUER = 'https://salus.test';
export const PROCESS_ORIGIN = 'https://app.salus.test';

/** Shared secrets and the environment every instance of one deployment gets. */
export function deploymentEnv(options: { mongodbUri: string; dbName?: string; healthexIssuer: string; extra?: Record<string, string> }) {
  const issuerSecret = randomBytes(32);
  const serviceSecret = randomBytes(32).toString('base64url');
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    HEALTHEX_ISSUER: options.healthexIssuer,
    MONGODB_URI: options.mongodbUri,
    MONGODB_DB: options.dbName ?? `test_${randomBytes(6).toString('hex')}`,
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    TOKEN_ENCRYPTION_ACTIVE_KEY: 'k1',
    CONNECT_TOKEN_ISSUERS: JSON.stringify([{ issuer: PROCESS_ISSUER, secret: issuerSecret.toString('base64url'), allowedOrigins: [PROCESS_ORIGIN] }]),
    SERVICE_CREDENTIALS: JSON.stringify([{ name: 'salus-test-backend', secretSha256: serviceSecretHash(serviceSecret), issuers: [PROCESS_ISSUER] }]),
    RATE_LIMIT_BEGIN_PER_MINUTE: '100000',
    RATE_LIMIT_CALLBACK_PER_MINUTE: '100000',
    LOG_LEVEL: 'info',
    ...options.extra,
  };
  return { env, issuerSecret, serviceSecret };
}

export interface ServiceProcess {
  url: string;
  metricsUrl: string | null;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env: Record<string, string>;
  /** `source` (tsx, default) or the compiled entry of a build under `cwd`. */
  entry?: 'source' | 'compiled';
  cwd?: string;
  startTimeoutMs?: number;
}

/** Starts the process; resolves once it listens (rejects with its output when it exits first). */
export function spawnServiceProcess(options: SpawnOptions): Promise<ServiceProcess> {
  const cwd = options.cwd ?? REPO_ROOT;
  const args = options.entry === 'compiled' ? [join(cwd, 'server/dist/main.js')] : ['--import', 'tsx', join(cwd, 'server/main.ts')];
  // A clean environment: only PATH and what the test says, so nothing from the developer's shell leaks in.
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output.slice(-3000)}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      for (const line of output.split('\n').slice(0, -1)) {
        if (!line.includes('connect service listening')) continue;
        const entry = JSON.parse(line) as { url: string; metrics: string };
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => (output += String(more)));
        resolve({
          url: entry.url,
          metricsUrl: entry.metrics === 'off' ? null : entry.metrics,
          child,
          output: () => output,
          exited,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.kill('SIGTERM');
            await exited;
            clearTimeout(force);
          },
        });
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${signal ?? `code ${code}`}) before listening:\n${output.slice(-3000)}`));
    });
  });
}
