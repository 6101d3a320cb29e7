/**
 * The widget as a package, the way a Salus engineer takes it: `npm pack` the repository, install
 * the tarball into a scratch project in a temporary folder (its dependencies as npm resolves them,
 * from the registry or npm's cache), type-check TypeScript that uses HealthexConnect and its events,
 * build a page doing `import 'healthex-connect'` with Vite, and load it in Chromium.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureWidgetBuild } from '../demo/stack/ensure-widget-build.js';
import { REPO_ROOT } from '../testkit/processes/service-process.js';
import { SCRATCH_FILES } from './scratch-project.js';

const run = promisify(execFile);
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
let scratch: string;
let server: Server | undefined;
let browser: Browser | undefined;
let tarballFiles: string[] = [];

beforeAll(async () => {
  await ensureWidgetBuild({ quiet: true });
  scratch = await mkdtemp(join(tmpdir(), 'healthex-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarballFiles = packed!.files.map((file) => file.path);
  for (const [name, text] of Object.entries(SCRATCH_FILES)) await writeFile(join(scratch, name), text);
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-salus-page', private: true, type: 'module', dependencies: { 'healthex-connect': `file:./${packed!.filename}` } }));
  // --omit=optional: the embedded database engine (a service test dependency) is not needed on a page.
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=optional', '--prefer-offline', '--loglevel=error'], { cwd: scratch, timeout: 180_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('the tarball holds the built entry, types, script-tag file, manifests and nothing from the sources', () => {
  for (const file of ['package.json', 'dist/widget/index.js', 'dist/widget/index.d.ts', 'dist/widget/healthex-connect.min.js', 'dist/widget/healthex-connect.min.js.br', 'dist/widget/custom-elements.json', 'dist/widget/manifest.json', 'dist/widget/react.js', 'dist/widget/react.d.ts', 'dist/widget/frameworks/healthex-connect-props.d.ts', 'dist/widget/frameworks/react-jsx.d.ts', 'dist/widget/frameworks/vue.d.ts', 'dist/widget/frameworks/svelte.d.ts', 'LICENSE', 'CHANGELOG.md', 'README.md']) {
    expect(tarballFiles).toContain(file);
  }
  expect(tarballFiles.filter((file) => /^(server|widget|demo|e2e|testkit|dist\/server)\//.test(file))).toEqual([]);
});

it('exports resolve in the installed package, and custom-elements.json names files that are in it', async () => {
  const installed = join(scratch, 'node_modules/healthex-connect');
  const manifest = JSON.parse(await readFile(join(installed, 'dist/widget/custom-elements.json'), 'utf8')) as { modules: { path: string; declarations: { tagName?: string }[] }[] };
  expect(manifest.modules.flatMap((mod) => mod.declarations.map((d) => d.tagName)).filter(Boolean)).toEqual(['healthex-connect']);
  for (const mod of manifest.modules) await expect(readFile(join(installed, mod.path))).resolves.toBeInstanceOf(Buffer);
  // Node's own resolution of each export, from the scratch project.
  const resolve = `for (const s of ['healthex-connect', 'healthex-connect/healthex-connect.min.js', 'healthex-connect/custom-elements.json', 'healthex-connect/manifest.json']) console.log(import.meta.resolve(s));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', resolve], { cwd: scratch });
  expect(stdout.trim().split('\n').map((url) => url.slice(url.indexOf('node_modules')))).toEqual([
    'node_modules/healthex-connect/dist/widget/index.js',
    'node_modules/healthex-connect/dist/widget/healthex-connect.min.js',
    'node_modules/healthex-connect/dist/widget/custom-elements.json',
    'node_modules/healthex-connect/dist/widget/manifest.json',
  ]);
});

it('TypeScript sees HealthexConnect and its typed events through the package, and rejects misuse', async () => {
  await expect(run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: scratch })).resolves.toBeDefined();
  const wrong = await run(process.execPath, [TSC, '-p', 'tsconfig.wrong.json'], { cwd: scratch }).then(
    () => '',
    (error: { stdout: string }) => error.stdout,
  );
  expect(wrong).toMatch(/wrong\.ts\(4,9\): error TS2322: Type '.*' is not assignable to type 'number'/);
});

it('a Vite build of a page importing the package renders the element in Chromium', async () => {
  const outDir = join(scratch, 'site');
  await build({ root: scratch, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  server = createServer(async (req, res) => {
    const requested = (req.url ?? '/').split('?')[0]!;
    const path = requested === '/' ? '/index.html' : requested;
    try {
      const body = await readFile(join(outDir, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => (document.querySelector('healthex-connect')?.shadowRoot?.textContent ?? '').trim().length > 50);
  const seen = await page.evaluate(() => ({
    scratch: (window as unknown as { scratch: unknown }).scratch,
    text: document.querySelector('healthex-connect')!.shadowRoot!.textContent!.replace(/\s+/g, ' '),
  }));
  expect(seen.scratch).toEqual({ defined: true, isInstance: true });
  expect(seen.text).toMatch(/HealthEx/);
  expect(errors).toEqual([]);
}, 60_000);
