/**
 * The import rules (.dependency-cruiser.cjs) bite: run on a fixture that breaks each of them once,
 * the checker fails and names exactly those imports, and lets through what the rules allow (a test
 * file using the test kit and the demo, each layer importing the one below, the service and the
 * widget taking the contract, the contract taking the router type-only, widget test support
 * running server code, a widget build script taking Node's own modules). The real tree is checked
 * by `npm run check:deps`, which `npm test` runs before vitest (run twice here it only cost a
 * loaded machine 30 s).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/rule-breaker/', import.meta.url));
const depcruiseBin = `${root}node_modules/.bin/depcruise`;

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function depcruise(cwd: string, outputType: 'json' | 'err', folders: string[]): Promise<{ exitCode: number; stdout: string }> {
  const args = ['--config', `${root}.dependency-cruiser.cjs`, '--output-type', outputType, ...folders];
  try {
    return { exitCode: 0, ...(await run(depcruiseBin, args, { cwd, maxBuffer: 64 * 1024 * 1024 })) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { exitCode: failed.code, stdout: failed.stdout };
  }
}

/** The exit code is what fails `npm test` (the `err` reporter's); the JSON report names the violations. */
async function cruise(cwd: string, folders: string[]): Promise<{ exitCode: number; violations: Violation[] }> {
  const { exitCode } = await depcruise(cwd, 'err', folders);
  const { stdout } = await depcruise(cwd, 'json', folders);
  return { exitCode, violations: (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations };
}

describe('import rules', () => {
  it('fail on each rule once: a circle, each server layer importing up, a server file in no layer, each workspace reaching where it may not, an unresolvable import', async () => {
    const { exitCode, violations } = await cruise(fixture, ['server', 'widget', 'contract', 'sandbox', 'demo', 'testkit']);
    expect(exitCode).not.toBe(0);
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'no-circular: server/db/a.ts -> server/db/b.ts',
        'every-server-file-has-a-layer: server/unlayered.ts -> server/db/b.ts',
        'server-layer-composition-imports-no-layer-above: server/http/route.ts -> server/main.ts',
        'server-layer-routers-imports-no-layer-above: server/routers/router.ts -> server/config.ts',
        'server-layer-procedures-imports-no-layer-above: server/trpc/init.ts -> server/routers/router.ts',
        'server-layer-use-cases-imports-no-layer-above: server/connections/use-case.ts -> server/trpc/init.ts',
        'server-layer-stores-and-clients-imports-no-layer-above: server/db/store.ts -> server/connections/use-case.ts',
        'server-imports-only-server-and-contract: server/db/uses-demo.ts -> demo/site.ts',
        'server-imports-only-server-and-contract: server/db/uses-sandbox.ts -> sandbox/site.ts',
        'server-imports-only-server-and-contract: server/db/uses-testkit.ts -> testkit/helper.ts',
        'widget-imports-only-widget-and-contract: widget/takes-type.ts -> server/db/b.ts',
        'widget-imports-only-widget-and-contract: widget/takes-value.ts -> server/db/b.ts',
        'widget-imports-only-widget-and-contract: widget/unresolvable.ts -> ./missing.js',
        'widget-build-scripts-import-only-widget-contract-and-node: widget/frameworks/build-takes-server.mjs -> server/db/b.ts',
        'contract-imports-only-contract: contract/takes-server-type.ts -> server/db/b.ts',
        'contract-takes-the-router-as-a-type: contract/takes-router-value.ts -> server/routers/app-router.ts',
        'sandbox-stands-alone: sandbox/uses-server.ts -> server/db/b.ts',
        'no-unresolvable: widget/unresolvable.ts -> ./missing.js',
      ].sort(),
    );
  });
});
