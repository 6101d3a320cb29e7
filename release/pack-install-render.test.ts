/**
 * The widget as a package, the way a Salus engineer takes it: `npm pack` the widget workspace
 * (widget/), install the tarball into a scratch project in a temporary folder (with whatever npm
 * resolves for it, from the registry or npm's cache), check what that added to the project (a
 * front-end package must not bring a server: at most 5 packages and 3 MB), type-check TypeScript
 * that uses HealthexConnect and its events, build a page doing `import 'healthex-connect'` with
 * Vite, and load it in Chromium.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
const WIDGET_PACKAGE = join(REPO_ROOT, 'widget');
const MAX_ADDED_PACKAGES = 5;
const MAX_INSTALLED_BYTES = 3 * 1024 * 1024;
let scratch: string;
let server: Server | undefined;
let browser: Browser | undefined;
let tarballFiles: string[] = [];

beforeAll(async () => {
  await ensureWidgetBuild({ quiet: true });
  scratch = await mkdtemp(join(tmpdir(), 'healthex-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: WIDGET_PACKAGE, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarballFiles = packed!.files.map((file) => file.path);
  for (const [name, text] of Object.entries(SCRATCH_FILES)) await writeFile(join(scratch, name), text);
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-salus-page', private: true, type: 'module', dependencies: { 'healthex-connect': `file:./${packed!.filename}` } }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'], { cwd: scratch, timeout: 180_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Every package folder under node_modules (scoped and nested ones included). */
async function installedPackages(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) found.push(...(await installedPackages(path)));
    else found.push(path, ...(await installedPackages(join(path, 'node_modules'))));
  }
  return found;
}

/** Bytes of every file under `dir` (their lengths, as `du --apparent-size` counts). */
async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await treeBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

it(`installing it adds at most ${MAX_ADDED_PACKAGES} packages and ${MAX_INSTALLED_BYTES / 1024 / 1024} MB to a front-end project`, async () => {
  const packages = (await installedPackages(join(scratch, 'node_modules'))).map((path) => path.slice(path.indexOf('node_modules') + 'node_modules/'.length));
  expect(packages).toContain('healthex-connect');
  expect(packages.length, `added: ${packages.join(', ')}`).toBeLessThanOrEqual(MAX_ADDED_PACKAGES);
  // Nothing of the service: no server framework, database driver or OAuth server comes along.
  expect(packages.filter((name) => /^(koa|@koa\/|mongodb|oidc-provider|@trpc\/server|jose|pino|typescript)/.test(name))).toEqual([]);
  expect(await treeBytes(join(scratch, 'node_modules'))).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
});

it('the tarball holds the built entry, types, script-tag file, manifests and nothing from the sources', () => {
  for (const file of ['package.json', 'dist/index.js', 'dist/index.node.js', 'dist/index.d.ts', 'dist/healthex-connect.min.js', 'dist/healthex-connect.min.js.br', 'dist/custom-elements.json', 'dist/manifest.json', 'dist/react.js', 'dist/react.d.ts', 'dist/frameworks/healthex-connect-props.d.ts', 'dist/frameworks/react-jsx.d.ts', 'dist/frameworks/vue.d.ts', 'dist/frameworks/svelte.d.ts', 'LICENSE', 'CHANGELOG.md', 'README.md']) {
    expect(tarballFiles).toContain(file);
  }
  // Built files only: no TypeScript sources (declarations aside), tests or test support.
  expect(tarballFiles.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  expect(tarballFiles.filter((file) => /^(testing|examples|locales|templates)\//.test(file))).toEqual([]);
});

it('exports resolve in the installed package, and custom-elements.json names files that are in it', async () => {
  const installed = join(scratch, 'node_modules/healthex-connect');
  const manifest = JSON.parse(await readFile(join(installed, 'dist/custom-elements.json'), 'utf8')) as { modules: { path: string; declarations: { tagName?: string; events?: { name: string }[] }[] }[] };
  expect(manifest.modules.flatMap((mod) => mod.declarations.map((d) => d.tagName)).filter(Boolean)).toEqual(['healthex-connect']);
  // The element's doc comment is where the manifest (and the framework typings made from it) read
  // the events: a declaration between that comment and the class once dropped them all.
  const events = manifest.modules.flatMap((mod) => mod.declarations.flatMap((d) => (d.events ?? []).map((event) => event.name)));
  expect(events.sort()).toEqual(['healthex-connected', 'healthex-disconnected', 'healthex-error', 'healthex-exit', 'healthex-ready', 'healthex-status-change']);
  for (const mod of manifest.modules) await expect(readFile(join(installed, mod.path))).resolves.toBeInstanceOf(Buffer);
  // Node's own resolution of each export, from the scratch project.
  const resolve = `for (const s of ['healthex-connect', 'healthex-connect/healthex-connect.min.js', 'healthex-connect/custom-elements.json', 'healthex-connect/manifest.json']) console.log(import.meta.resolve(s));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', resolve], { cwd: scratch });
  expect(stdout.trim().split('\n').map((url) => url.slice(url.indexOf('node_modules')))).toEqual([
    // Node takes the server-rendering build (lit's Node build, with its DOM shim); browsers index.js.
    'node_modules/healthex-connect/dist/index.node.js',
    'node_modules/healthex-connect/dist/healthex-connect.min.js',
    'node_modules/healthex-connect/dist/custom-elements.json',
    'node_modules/healthex-connect/dist/manifest.json',
  ]);
  // A server render (Next.js) imports the package in Node, where there is no DOM: it must load.
  const load = "const { HealthexConnect } = await import('healthex-connect'); console.log(typeof HealthexConnect, customElements.get('healthex-connect') === HealthexConnect);";
  const loaded = await run(process.execPath, ['--input-type=module', '-e', load], { cwd: scratch });
  expect(loaded.stdout.trim()).toBe('function true');
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
  // The banner renders first and the steps below it a moment later (widget/render-order.ts): wait for those.
  await page.waitForFunction(() => /HealthEx/.test(document.querySelector('healthex-connect')?.shadowRoot?.textContent ?? ''));
  const seen = await page.evaluate(() => ({
    scratch: (window as unknown as { scratch: unknown }).scratch,
    text: document.querySelector('healthex-connect')!.shadowRoot!.textContent!.replace(/\s+/g, ' '),
  }));
  expect(seen.scratch).toEqual({ defined: true, isInstance: true });
  expect(seen.text).toMatch(/HealthEx/);
  expect(errors).toEqual([]);
}, 60_000);
