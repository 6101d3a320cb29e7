/**
 * Next.js App Router with server rendering (release/frameworks/apps/nextjs): a server component
 * mints the connect token and passes it to a 'use client' panel that renders `healthex-connect/react`.
 * Strict type-check (and a wrong prop failing it), `next build`, `next start`; the page's HTML
 * comes from the server with the element's tag in it, and in Chromium the widget hydrates, gets
 * its properties and listeners, and connects through the HealthEx popup. A second page renders the
 * React entry straight from a server component.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testkit/processes/service-process.js';
import { startAppStack, type AppStack } from './support/app-stack.js';
import { connectThroughPopup, expectNotConnected, expectQuietPage, explainFailure, launchChromium, openApp, TEXT } from './support/app-browser.js';
import { timings } from './support/client-app-suite.js';
import { copyApp, FRAMEWORK_ENV, runTool, toolPath, typeCheckWithChange } from './support/framework-install.js';
import { expectBanner } from '../../e2e/support/journey.js';

let dir: string;
let app: AppStack;
let next: ChildProcess | undefined;
let browser: Browser | undefined;
const time = timings('nextjs');
const typeCheck = () => runTool(dir, 'typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit']);
const appEnv = () => ({ HEALTHEX_API_BASE: app.apiBase, HEALTHEX_CONNECT_SECRET: app.secret, HEALTHEX_TOKEN_ISSUER: app.issuer });

beforeAll(async () => {
  dir = await copyApp('nextjs');
  app = await startAppStack();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (next && next.exitCode === null) {
    const exited = new Promise((resolve) => next!.once('exit', resolve));
    next.kill('SIGTERM');
    await exited;
  }
  await app?.close();
  await time.write();
});

it('nextjs: the strict type-check passes, and fails on a deliberately wrong prop type', async () => {
  const good = await typeCheck();
  time.add('type-check', good.seconds);
  expect(good.output).toBe('');
  expect(good.ok).toBe(true);
  const wrong = await typeCheckWithChange(dir, 'app/records-panel.tsx', 'token={token}', 'token={42}', typeCheck);
  time.add('type-check (wrong prop)', wrong.seconds);
  expect(wrong.ok).toBe(false);
  expect(wrong.output).toMatch(/records-panel\.tsx\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
}, 300_000);

it('nextjs: next build, next start; the server-rendered page hydrates and connects through the HealthEx popup', async () => {
  const built = await runTool(dir, 'next/dist/bin/next', ['build'], appEnv(), 600_000);
  time.add('next build', built.seconds);
  if (!built.ok) throw new Error(`next build failed:\n${built.output.slice(-4000)}`);
  expect(built.output).toMatch(/ƒ \/\s/); // the records page is rendered on the server per request

  const started = performance.now();
  next = spawn(process.execPath, [toolPath('next/dist/bin/next'), 'start', '-p', String(app.appPort), '-H', '127.0.0.1'], { cwd: dir, env: { ...process.env, ...FRAMEWORK_ENV, ...appEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  next.stdout!.on('data', (chunk) => output.push(String(chunk)));
  next.stderr!.on('data', (chunk) => output.push(String(chunk)));
  await expect.poll(() => fetch(`${app.appOrigin}/`).then((r) => r.status, () => 0), { timeout: 60_000, interval: 250 }).toBe(200);
  time.add('next start', (performance.now() - started) / 1000);

  // Server rendering: the HTML already holds the page and the element's tag (no JavaScript run yet).
  const html = await (await fetch(`${app.appOrigin}/`)).text();
  expect(html).toContain('<h1>Connect your medical records</h1>');
  expect(html).toMatch(/<healthex-connect[\s>]/);
  expect(html).not.toContain(app.secret);

  browser = await launchChromium();
  const { page, problems } = await openApp(browser, `${app.appOrigin}/`, app.appOrigin);
  const flow = performance.now();
  await explainFailure(page, problems, 'nextjs', async () => {
    await expectNotConnected(page);
    await connectThroughPopup(page, app.stack.sandbox.issuer);
  });
  time.add('hydrate + popup flow to "Records connected"', (performance.now() - flow) / 1000);
  const shots = [join(REPO_ROOT, 'test-artifacts/frameworks'), ...(process.env.UPDATE_README_SCREENSHOTS === '1' ? [join(REPO_ROOT, 'docs')] : [])];
  // The page as its top shows it: the host's heading and its own state line above the widget.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const shotDir of shots) {
    await mkdir(shotDir, { recursive: true });
    await page.screenshot({ path: join(shotDir, 'nextjs-server-rendered-connected.png'), animations: 'disabled', caret: 'hide' });
  }
  expectQuietPage(problems);

  // The React entry rendered straight from a server component works too.
  const direct = await openApp(browser, `${app.appOrigin}/direct`, app.appOrigin);
  await explainFailure(direct.page, direct.problems, 'nextjs-direct', () => expectBanner(direct.page, TEXT.notConnected));
  expectQuietPage(direct.problems);
  expect(output.join('')).not.toMatch(/error/i);
}, 600_000);
