/**
 * `npm start`: the whole product on this machine — embedded database, HealthEx sandbox, connect
 * service — with its URLs printed. Ctrl-C (SIGINT) or SIGTERM stops everything it started.
 * Ports: CONNECT_PORT (4000), SANDBOX_PORT (4010), SALUS_PORT (4100), PARTNER_PORT (4200).
 */
import { createLogger } from '../server/logger.js';
import { startDemoStack } from './stack/start-demo-stack.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${process.env[name]}"`);
    process.exit(1);
  }
  return value;
};

const host = '127.0.0.1';
const salusPort = port('SALUS_PORT', 4100);
const partnerPort = port('PARTNER_PORT', 4200);
const log = createLogger(process.env.LOG_LEVEL ?? 'info');

const stack = await startDemoStack({
  host,
  connectPort: port('CONNECT_PORT', 4000),
  sandboxPort: port('SANDBOX_PORT', 4010),
  salusOrigin: `http://localhost:${salusPort}`,
  partnerOrigin: `http://127.0.0.1:${partnerPort}`,
  log,
});

console.log(`
healthex-connect demo is running (database: ${stack.database.kind})
  Connect service   ${stack.service.url}   (health: ${stack.service.url}/readyz)
  HealthEx sandbox  ${stack.sandbox.issuer}   (test patients: ava@, ben@, carmen@sandbox.healthex.test / password "sandbox")
Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
