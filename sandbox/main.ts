#!/usr/bin/env node
/**
 * Runs the HealthEx sandbox on its own: `npx healthex-sandbox --port 4010 [--host 127.0.0.1]
 * [--variants sse-200]` (in this repository: `npx tsx sandbox/main.ts --port 4010`). The PORT, HOST
 * and SANDBOX_VARIANTS environment variables are read when the flags are absent.
 * A developer tool with synthetic patients; never run it in production.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_PASSWORD, startSandbox, VARIANT_SETS, variantsFromName } from './start-sandbox.js';

const USAGE = `usage: healthex-sandbox [--port N] [--host ADDRESS] [--variants ${Object.keys(VARIANT_SETS).join('|')}]`;

function readArgs() {
  try {
    return parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, variants: { type: 'string' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = readArgs();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const portText = args.port ?? process.env['PORT'] ?? '0';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65_535) {
  console.error(`--port must be a port number (0 picks a free one), got ${JSON.stringify(portText)}\n${USAGE}`);
  process.exit(2);
}
const host = args.host ?? process.env['HOST'];
const variantName = args.variants ?? process.env['SANDBOX_VARIANTS'];

const sandbox = await startSandbox({ port, variants: variantsFromName(variantName), ...(host ? { host } : {}) });
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
