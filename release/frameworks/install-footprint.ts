/**
 * What installing the widget costs an app (`npx tsx release/frameworks/install-footprint.ts`): the
 * packed package (the widget workspace, widget/) installed with plain `npm install` into an empty
 * project, and — for `healthex-connect/react` — what React adds on top (which a React app already
 * has). lit and @trpc/client are bundled into the package; its one runtime dependency is
 * @lit/react, for the React entry. Prints a Markdown table. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureWidgetBuild } from '../../demo/stack/ensure-widget-build.js';
import { REPO_ROOT } from '../../testkit/processes/service-process.js';

const run = promisify(execFile);
const NPM = ['--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'];

interface Footprint {
  packages: number;
  bytes: number;
}

async function footprint(dir: string): Promise<Footprint> {
  const lock = JSON.parse(await readFile(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const { stdout } = await run('du', ['-sb', join(dir, 'node_modules')]);
  return { packages: Object.keys(lock.packages).filter((path) => path.startsWith('node_modules/')).length, bytes: Number(stdout.split('\t')[0]) };
}

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'healthex-footprint-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'footprint', private: true, type: 'module' }));
  return dir;
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

await ensureWidgetBuild({ quiet: true });
const WIDGET_PACKAGE = join(REPO_ROOT, 'widget');
const manifest = JSON.parse(await readFile(join(WIDGET_PACKAGE, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
const packDir = await mkdtemp(join(tmpdir(), 'healthex-footprint-pack-'));
const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: WIDGET_PACKAGE, maxBuffer: 16 * 1024 * 1024 });
const [packed] = JSON.parse(stdout) as { filename: string; size: number; unpackedSize: number }[];

const whole = await project();
await run('npm', ['install', ...NPM, join(packDir, packed!.filename)], { cwd: whole, timeout: 600_000 });
const wholeBase = await footprint(whole);
await run('npm', ['install', ...NPM, 'react@19', 'react-dom@19'], { cwd: whole, timeout: 600_000 });
const wholeReact = await footprint(whole);

const { stdout: litReact } = await run('du', ['-sb', join(whole, 'node_modules/@lit/react')]);
const dependencies = Object.keys(manifest.dependencies ?? {});

console.log(`| install | packages | on disk |
|---|---|---|
| \`healthex-connect\` (${packed!.filename}, ${(packed!.size / 1024).toFixed(0)} kB packed; its runtime dependencies: ${dependencies.join(', ') || 'none'}) | ${wholeBase.packages} | ${mb(wholeBase.bytes)} |
| … plus \`react\` + \`react-dom\` for \`healthex-connect/react\` (a React app has them already) | +${wholeReact.packages - wholeBase.packages} | +${mb(wholeReact.bytes - wholeBase.bytes)} |
| of which \`@lit/react\` (the React entry's only extra) | 1 | ${(Number(litReact.split('\t')[0]) / 1000).toFixed(0)} kB |`);

await Promise.all([whole, packDir].map((dir) => rm(dir, { recursive: true, force: true })));
