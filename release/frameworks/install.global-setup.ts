/**
 * Global setup of `npm run test:frameworks`: build the widget if needed, `npm pack` its workspace
 * (widget/), and install the tarball into the framework apps' shared install
 * (support/framework-install.ts), once for all five apps.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureWidgetBuild } from '../../demo/stack/ensure-widget-build.js';
import { REPO_ROOT } from '../../testkit/processes/service-process.js';
import { installFrameworkDependencies } from './support/framework-install.js';

const run = promisify(execFile);

export default async function setup(): Promise<void> {
  const started = performance.now();
  await ensureWidgetBuild({ quiet: true });
  const packDir = await mkdtemp(join(tmpdir(), 'healthex-framework-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: join(REPO_ROOT, 'widget'), maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  const seconds = await installFrameworkDependencies(packDir, packed!.filename);
  await rm(packDir, { recursive: true, force: true });
  console.log(`framework apps: widget build + pack ${((performance.now() - started) / 1000 - seconds.dependencies - seconds.tarball).toFixed(1)}s, shared install ${seconds.dependencies.toFixed(1)}s (0 when unchanged), healthex-connect tarball ${seconds.tarball.toFixed(1)}s`);
}
