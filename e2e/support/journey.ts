/**
 * What a person does in the browser, as Playwright steps: sign in on a demo site, read the widget's
 * banner and the personalisation panel, go through HealthEx's login → providers → consent, and take
 * a screenshot of each state. Playwright's CSS and role locators reach into the widget's open shadow
 * root, so the tests use the same labels a person reads.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
export const STEP_TIMEOUT_MS = 15_000;

/** The widget's copy (widget/locales/en.ts) that the journeys look for. */
export const TEXT = {
  notConnected: 'Records not yet connected',
  /** After Disconnect, until the page is left ("Disconnected — <host> no longer reads …"). */
  disconnected: 'no longer reads your HealthEx records',
  authorized: 'HealthEx access authorized — awaiting confirmation',
  connected: 'Records connected',
  denied: 'You did not grant access at HealthEx, so nothing has changed.',
  popupBlocked: 'Your browser blocked the HealthEx window',
  authorize: 'Authorize HealthEx access',
  confirm: 'Mark as connected',
  disconnect: 'Disconnect',
} as const;

/**
 * Everything a site's page logs as an error, throws, or reports as a CSP violation. Only the site's
 * own documents count: in redirect mode the same tab also shows HealthEx's and the connect service's
 * pages, whose problems are theirs (kept in `elsewhere` for the record).
 */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  elsewhere: string[];
  /** `securitypolicyviolation` events, recorded by an init script in every document of the page. */
  violations(): Promise<string[]>;
}

export async function watchPage(page: Page, siteOrigin: string): Promise<PageProblems> {
  const problems = { consoleErrors: [] as string[], pageErrors: [] as string[], elsewhere: [] as string[] };
  const onSite = () => new URL(page.url()).origin === siteOrigin;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    (onSite() ? problems.consoleErrors : problems.elsewhere).push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => (onSite() ? problems.pageErrors : problems.elsewhere).push(`${page.url()}: ${error.message}`));
  // Kept in sessionStorage so violations survive the navigations of the redirect flow.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const key = 'e2e-csp-violations';
      const list = JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[];
      list.push(`${location.href}: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
      sessionStorage.setItem(key, JSON.stringify(list));
    });
  });
  return {
    ...problems,
    violations: () => page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e-csp-violations') ?? '[]') as string[]),
  };
}

/** A fresh browser context (own cookies) with one watched page; `prepare` runs before the page opens. */
export async function openWatchedPage(
  browser: Browser,
  siteOrigin: string,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await prepare?.(context);
  const page = await context.newPage();
  return { context, page, problems: await watchPage(page, siteOrigin) };
}

/** No console error, uncaught exception or CSP violation on the site's own pages. */
export async function expectNoPageProblems(problems: PageProblems): Promise<void> {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(await problems.violations()).toEqual([]);
}

export function widget(page: Page): Locator {
  return page.locator('healthex-connect');
}

/** The banner's headline as a person reads it (without the decorative icon). */
export async function bannerTitle(page: Page): Promise<string> {
  const text = await widget(page).locator('.banner-title').textContent({ timeout: STEP_TIMEOUT_MS });
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export async function bannerText(page: Page): Promise<string> {
  const text = await widget(page).locator('[part~="banner"]').textContent({ timeout: STEP_TIMEOUT_MS });
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export async function expectBanner(page: Page, title: string): Promise<void> {
  await expect.poll(() => bannerTitle(page), { timeout: STEP_TIMEOUT_MS, interval: 100 }).toContain(title);
  // No call still running (a busy button would make the next click a no-op).
  await expect.poll(() => widget(page).locator('[aria-busy="true"]').count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
}

/** The Salus page's panel, as the page shows it: 'on', 'off', 'unavailable' or 'unknown'. */
export async function personalisation(page: Page): Promise<string | null> {
  return page.locator('[data-personalisation]').getAttribute('data-personalisation', { timeout: STEP_TIMEOUT_MS });
}

export async function expectPersonalisation(page: Page, value: 'on' | 'off'): Promise<void> {
  await expect.poll(() => personalisation(page), { timeout: STEP_TIMEOUT_MS, interval: 100 }).toBe(value);
  const text = await page.locator('[data-personalisation-text]').textContent();
  expect(text).toMatch(value === 'on' ? /^On —/ : /^Off —/);
}

/** The widget's button with this name: the banner's comes first (the steps repeat Authorize). */
export function button(page: Page, name: string): Locator {
  return widget(page).getByRole('button', { name, exact: true }).first();
}

export const DOCS_DIR = fileURLToPath(new URL('../../docs/', import.meta.url));

/**
 * The README's pictures of a state, at 1280 and 375 px (the first screen, as the patient sees it):
 * always into test-artifacts/e2e/readme/, and into docs/ with UPDATE_README_SCREENSHOTS=1.
 */
export async function readmeShots(page: Page, state: string): Promise<string[]> {
  const files: string[] = [];
  const dirs = [join(ARTIFACTS_DIR, 'readme'), ...(process.env.UPDATE_README_SCREENSHOTS === '1' ? [DOCS_DIR] : [])];
  for (const [width, height] of [
    [1280, 900],
    [375, 812],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (const dir of dirs) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `widget-${state}-${width}.png`);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      files.push(file);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return files;
}

export async function signIn(page: Page, siteUrl: string, person: string): Promise<void> {
  await page.goto(siteUrl);
  await page.getByRole('button', { name: person }).click();
  await page.waitForURL(siteUrl);
}

/**
 * HealthEx's pages in the sandbox: sign in (unless the sandbox still has a session), choose a
 * provider, then Allow or Deny. `shots` records each page.
 */
export async function completeAtHealthex(
  page: Page,
  options: { login: string; decision: 'allow' | 'deny'; shots?: Screenshots; sandboxOrigin: string },
): Promise<void> {
  await page.waitForURL((url) => url.origin === options.sandboxOrigin, { timeout: STEP_TIMEOUT_MS });
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor({ timeout: STEP_TIMEOUT_MS });
  if ((await heading.textContent())?.includes('Sign in')) {
    await options.shots?.take(page, 'healthex-login');
    await page.getByLabel('Email').fill(options.login);
    await page.getByLabel('Password').fill('sandbox');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('heading', { name: 'Choose your providers' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByRole('checkbox').first().check();
  await options.shots?.take(page, 'healthex-providers');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: /^Allow .* to access your records\?$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await options.shots?.take(page, 'healthex-consent');
  await page.getByRole('button', { name: options.decision === 'allow' ? 'Allow' : 'Deny', exact: true }).click();
}

/** Numbered screenshots in test-artifacts/e2e/<suite>/ (git-ignored; CI keeps them as artefacts). */
export class Screenshots {
  #count = 0;
  readonly dir: string;
  constructor(...path: string[]) {
    this.dir = join(ARTIFACTS_DIR, ...path);
  }
  async take(page: Page, name: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${String(++this.#count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return file;
  }
}
