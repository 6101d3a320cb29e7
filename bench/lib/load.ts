/** autocannon as a library, bounded in time, plus a precise sequential latency probe. */
import { request, Agent } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  non2xx: number;
  errors: number;
}

export async function load(options: { url: string; headers?: Record<string, string>; connections: number; seconds?: number; amount?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    headers: options.headers ?? {},
    timeout: 10,
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Sequential GETs on one keep-alive connection, timed with performance.now() (autocannon's latency
 * histogram has 1 ms resolution, too coarse for loopback). Returns each request's milliseconds.
 */
export async function sequentialLatencies(count: number, next: () => { url: string; headers: Record<string, string> }): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const { url, headers } = next();
      const started = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
      times.push(performance.now() - started);
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
    }
  } finally {
    agent.destroy();
  }
  return times;
}
