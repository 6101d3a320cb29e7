/**
 * Process-level settings read by the entry point (main.ts) only: the metrics listener and the
 * shutdown timings. Apart from config.ts because the service itself (and every test that starts
 * one in-process) does not use them.
 */
import { z } from 'zod';
import { ConfigError } from '../config.js';

const schema = z.object({
  // Prometheus: a separate listener, never the public port. "off" disables it.
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(9464),
  // SIGTERM: /readyz answers 503 at once; new connections are still taken for this long so the load
  // balancer notices and stops sending; then in-flight requests get up to the deadline to finish.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(5),
  SHUTDOWN_DEADLINE_SECONDS: z.coerce.number().min(0).max(300).default(20),
});

export interface OperationsConfig {
  metrics: { host: string; port: number } | null;
  shutdown: { delayMs: number; deadlineMs: number };
}

export function loadOperationsConfig(env: NodeJS.ProcessEnv = process.env): OperationsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const e = parsed.data;
  return {
    metrics: e.METRICS_PORT === 'off' ? null : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    shutdown: { delayMs: e.SHUTDOWN_DELAY_SECONDS * 1000, deadlineMs: e.SHUTDOWN_DEADLINE_SECONDS * 1000 },
  };
}
