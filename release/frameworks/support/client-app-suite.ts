/**
 * One client-rendered framework app (React + Vite, Vue, Svelte, Angular) against the packed
 * package, as a suite: strict type-check passes; the same app with one deliberately wrong prop
 * fails it; the production build; the built app served by a host server next to a live connect
 * service; in Chromium the widget reaches "Records not yet connected" and the app's own handler
 * sees it — and, where asked, the whole popup flow to "Records connected".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../testkit/processes/service-process.js';
import { startAppStack, type AppStack } from './app-stack.js';
import { connectThroughPopup, expectNotConnected, expectQuietPage, explainFailure, launchChromium, openApp } from './app-browser.js';
import { copyApp, typeCheckWithChange, type ToolRun } from './framework-install.js';
import { startHostServer } from './host-server.js';

export interface ClientAppSpec {
  name: string;
  typeCheck(dir: string): Promise<ToolRun>;
  /** One prop (or event handler) given the wrong type, and the type-check error it must cause. */
  wrongProp: { file: string; from: string; to: string; error: RegExp };
  /** Builds for production with the connect service's URL; the built site's folder, relative to the app. */
  build(dir: string, apiBase: string): Promise<ToolRun>;
  distDir: string;
  popupFlow: boolean;
}

export const TIMINGS_DIR = join(REPO_ROOT, 'test-artifacts/frameworks');

/** Each step's seconds, printed and kept in test-artifacts/frameworks/<app>.json. */
export function timings(name: string) {
  const steps: Record<string, number> = {};
  return {
    steps,
    add(step: string, seconds: number) {
      steps[step] = Math.round(seconds * 10) / 10;
    },
    async write() {
      await mkdir(TIMINGS_DIR, { recursive: true });
      await writeFile(join(TIMINGS_DIR, `${name}.json`), `${JSON.stringify(steps, null, 2)}\n`);
      console.log(`${name}: ${Object.entries(steps).map(([step, s]) => `${step} ${s}s`).join(', ')}`);
    },
  };
}

function expectOk(run: ToolRun, what: string): void {
  if (!run.ok) throw new Error(`${what} failed:\n${run.output.slice(-4000)}`);
}

export function clientAppSuite(spec: ClientAppSpec): void {
  let dir: string;
  let app: AppStack;
  let host: Awaited<ReturnType<typeof startHostServer>> | undefined;
  let browser: Browser | undefined;
  const time = timings(spec.name);

  beforeAll(async () => {
    dir = await copyApp(spec.name);
    app = await startAppStack();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await app?.close();
    await time.write();
  });

  it(`${spec.name}: the strict type-check passes, and fails on a deliberately wrong prop type`, async () => {
    const good = await spec.typeCheck(dir);
    time.add('type-check', good.seconds);
    expectOk(good, 'type-check');
    const wrong = await typeCheckWithChange(dir, spec.wrongProp.file, spec.wrongProp.from, spec.wrongProp.to, () => spec.typeCheck(dir));
    time.add('type-check (wrong prop)', wrong.seconds);
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toMatch(spec.wrongProp.error);
  }, 300_000);

  it(`${spec.name}: builds for production and, served next to a live connect service, reaches "Records not yet connected"${spec.popupFlow ? ' and connects through the HealthEx popup' : ''}`, async () => {
    const built = await spec.build(dir, app.apiBase);
    time.add('build', built.seconds);
    expectOk(built, 'build');
    host = await startHostServer({ root: join(dir, spec.distDir), port: app.appPort, mintToken: () => app.mint(`patient-${spec.name}`) });
    browser = await launchChromium();
    const started = performance.now();
    const { page, problems } = await openApp(browser, host.url, app.appOrigin);
    await explainFailure(page, problems, spec.name, async () => {
      await expectNotConnected(page);
      time.add('first render to "not yet connected"', (performance.now() - started) / 1000);
      if (spec.popupFlow) {
        await connectThroughPopup(page, app.stack.sandbox.issuer);
        time.add('popup flow to "Records connected"', (performance.now() - started) / 1000);
      }
    });
    expectQuietPage(problems);
  }, 300_000);
}
