/**
 * `npm start`: the whole product on this machine — the embedded database, the HealthEx sandbox, the
 * connect service (serving the script-tag build) and the two demo sites — with its URLs printed.
 * Builds the widget first when widget/dist is missing or older than its sources.
 * Ctrl-C (SIGINT) or SIGTERM stops everything it started.
 *
 * Ports: CONNECT_PORT (4000), SANDBOX_PORT (4010), SALUS_PORT (4100), PARTNER_PORT (4200); 0 picks
 * a free one. The Salus site is http://localhost:<SALUS_PORT>, the partner http://127.0.0.1:<PARTNER_PORT>:
 * two different origins.
 */
import { createLogger } from '../server/logger.js';
import { DEMO_PEOPLE } from './site-kit/site-kit.js';
import { createDevLogger } from './stack/dev-logger.js';
import { startDemoStack, type DemoStack } from './stack/start-demo-stack.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${process.env[name]}"`);
    process.exit(1);
  }
  return value;
};

// Readable lines in the terminal; LOG_FORMAT=json prints the service's JSON lines instead.
const log = process.env.LOG_FORMAT === 'json' ? createLogger(process.env.LOG_LEVEL ?? 'info') : createDevLogger(process.env.LOG_LEVEL ?? 'info');
const ports = {
  connectPort: port('CONNECT_PORT', 4000),
  sandboxPort: port('SANDBOX_PORT', 4010),
  salusPort: port('SALUS_PORT', 4100),
  partnerPort: port('PARTNER_PORT', 4200),
};

let stack: DemoStack | undefined;
const starting = new AbortController();
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  if (stack) {
    await stack.stop();
    process.exit(0);
  }
  starting.abort(new Error(signal)); // startDemoStack stops what it started so far, then rejects
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  stack = await startDemoStack({ host: '127.0.0.1', ...ports, log, signal: starting.signal });
} catch (error) {
  if (stopping) process.exit(0);
  console.error(`The demo could not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopping) {
  await stack.stop();
  process.exit(0);
}

const people = DEMO_PEOPLE.map((p) => p.healthexLogin.split('@')[0]).join('@, ');
console.log(`
healthex-connect demo is running (database: ${stack.database.kind})
  Salus AI — Precision Medicine  ${stack.salus.url}   (npm entry, redirect mode)
  Partner site                   ${stack.partner.url}   (script tag + SRI, strict CSP, popup mode)
  Connect service                ${stack.service.url}   (health: ${stack.service.url}/readyz, widget: ${stack.service.url}${stack.service.widget?.path})
  HealthEx sandbox               ${stack.sandbox.issuer}   (test patients: ${people}@sandbox.healthex.test / password "sandbox")
Sign in on either site with a demo user, then connect that person's records.
Press Ctrl-C to stop.
`);
