/**
 * The import rules (.dependency-cruiser.cjs) bite: run on a fixture that breaks each of them once,
 * the checker fails and names exactly those imports, and lets through what the rules allow (a test
 * file using the test kit and the demo, a type-only import of a server type into the widget, widget
 * test support running server code). The real tree is checked by `npm run check:deps`, which
 * `npm test` runs before vitest (run twice here it only cost a loaded machine 30 s).
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
  it('fail on a circle, on server/ code importing testkit/ or demo/, and on the widget taking a server value', async () => {
    const { exitCode, violations } = await cruise(fixture, ['server', 'widget', 'demo', 'testkit']);
    expect(exitCode).not.toBe(0);
    const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'no-circular: server/a.ts -> server/b.ts',
        'server-imports-only-server: server/uses-demo.ts -> demo/site.ts',
        'server-imports-only-server: server/uses-testkit.ts -> testkit/helper.ts',
        'widget-takes-no-server-value: widget/takes-value.ts -> server/b.ts',
      ].sort(),
    );
  });
});
