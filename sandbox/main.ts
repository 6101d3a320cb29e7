/**
 * Runs the HealthEx sandbox on its own: `PORT=4010 [SANDBOX_VARIANTS=sse-200] npx tsx sandbox/main.ts`.
 * A developer tool with synthetic patients; never run it in production.
 */
import { SANDBOX_PASSWORD, startSandbox, variantsFromName } from './start-sandbox.js';

const port = Number(process.env['PORT'] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env['PORT'])}`);
  process.exit(1);
}

const sandbox = await startSandbox({ port, variants: variantsFromName(process.env['SANDBOX_VARIANTS']), ...(process.env['HOST'] ? { host: process.env['HOST'] } : {}) });
console.log(`HealthEx sandbox (test data only) issuer: ${sandbox.issuer}`);
console.log(`  discovery: ${sandbox.issuer}/.well-known/oauth-authorization-server`);
console.log(`  MCP: ${sandbox.issuer}/mcp; variants of HealthEx's unknowns: ${JSON.stringify(sandbox.variants)}`);
for (const patient of sandbox.patients) {
  console.log(`  test patient ${patient.id}: ${patient.username} / ${SANDBOX_PASSWORD}`);
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the HealthEx sandbox`);
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
