/**
 * What a person does in the browser, as WebDriver steps in WebKit (WebKitGTK's MiniBrowser through
 * WebKitWebDriver, driven by WebdriverIO): the counterpart of journey.ts for Safari's engine. The
 * widget's parts are found inside its open shadow root by the labels a person reads; clicks are real
 * WebDriver clicks (user gestures, so WebKit's popup blocker lets the HealthEx window open).
 *
 * WebKitGTK's driver has no BiDi and no init scripts, so page problems (console errors, uncaught
 * errors, CSP violations) are watched from the moment each site document is handed to the test:
 * `watch()` after every navigation onto the site. The partner page's CSP reports, received by its
 * server, cover the rest of its load.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser } from 'webdriverio';
import { ARTIFACTS_DIR, DOCS_DIR, STEP_TIMEOUT_MS } from './journey.js';

type Element = WebdriverIO.Element;

const PROBLEMS_KEY = 'e2e-webkit-problems';

/** Runs in the page: records errors, rejections, console.error and CSP violations in sessionStorage. */
function installProblemWatch(key: string): void {
  const marker = '__e2eProblemWatch';
  const page = window as unknown as Record<string, unknown>;
  if (page[marker]) return;
  page[marker] = true;
  const note = (problem: string) => {
    const list = JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[];
    list.push(`${location.href}: ${problem}`);
    sessionStorage.setItem(key, JSON.stringify(list));
  };
  window.addEventListener('error', (event) => note(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => note(`unhandled rejection: ${String(event.reason)}`));
  document.addEventListener('securitypolicyviolation', (event) => note(`CSP: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
  const consoleError = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    note(`console.error: ${args.map(String).join(' ')}`);
    consoleError(...args);
  };
}

export class WebKitPage {
  constructor(
    readonly browser: Browser,
    readonly siteOrigin: string,
  ) {}

  async url(): Promise<URL> {
    return new URL(await this.browser.getUrl());
  }

  /** Starts watching the current document for problems (once per document; call after each navigation onto the site). */
  async watch(): Promise<void> {
    if ((await this.url()).origin !== this.siteOrigin) return;
    await this.browser.execute(installProblemWatch, PROBLEMS_KEY);
  }

  async goto(url: string): Promise<void> {
    await this.browser.url(url);
    await this.watch();
  }

  async reload(): Promise<void> {
    await this.browser.refresh();
    await this.watch();
  }

  /** Waits until the tab shows a page of `origin` that has finished loading. */
  async waitForOrigin(origin: string): Promise<void> {
    await this.browser.waitUntil(async () => (await this.url()).origin === origin && (await this.browser.execute(() => document.readyState)) === 'complete', {
      timeout: STEP_TIMEOUT_MS,
      interval: 100,
      timeoutMsg: `the tab to show ${origin}`,
    });
    await this.watch();
  }

  async problems(): Promise<string[]> {
    return this.browser.execute((key) => JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[], PROBLEMS_KEY);
  }

  async expectNoProblems(): Promise<void> {
    expect(await this.problems()).toEqual([]);
  }

  widget(): ReturnType<Browser['$']> {
    return this.browser.$('healthex-connect');
  }

  /** Text as a person reads it, whitespace folded. */
  async text(selector: string): Promise<string> {
    const found = await this.widget().shadow$(selector);
    await found.waitForExist({ timeout: STEP_TIMEOUT_MS });
    return (await found.getText()).replace(/\s+/g, ' ').trim();
  }

  bannerTitle(): Promise<string> {
    return this.text('.banner-title');
  }

  bannerText(): Promise<string> {
    return this.text('[part~="banner"]');
  }

  async expectBanner(title: string): Promise<void> {
    await this.browser.waitUntil(async () => (await this.bannerTitle().catch(() => '')).includes(title), {
      timeout: STEP_TIMEOUT_MS,
      interval: 100,
      timeoutMsg: `the banner to say "${title}" (it says "${await this.bannerTitle().catch(() => '')}")`,
    });
    // No call still running (a busy button would make the next click a no-op).
    await this.browser.waitUntil(async () => (await this.widget().shadow$$('[aria-busy="true"]').length) === 0, { timeout: STEP_TIMEOUT_MS, interval: 100 });
  }

  /** The widget's first button whose visible name is exactly `name` (the banner's comes first). */
  async button(name: string): Promise<Element> {
    let match: Element | undefined;
    await this.browser.waitUntil(
      async () => {
        for (const candidate of await this.widget().shadow$$('button')) {
          const label = (await candidate.getAttribute('aria-label')) ?? (await candidate.getText());
          if (label.replace(/\s+/g, ' ').trim() === name && (await candidate.isDisplayed())) {
            match = candidate;
            return true;
          }
        }
        return false;
      },
      { timeout: STEP_TIMEOUT_MS, interval: 100, timeoutMsg: `the widget's "${name}" button` },
    );
    return match!;
  }

  /** The `data-action` of the element focused inside the widget (null when focus is elsewhere). */
  focusedAction(): Promise<string | null> {
    return this.browser.execute(() => document.querySelector('healthex-connect')?.shadowRoot?.activeElement?.getAttribute('data-action') ?? null);
  }

  /**
   * What has focus inside the widget (its `data-action`, `data-dialog-*` attribute or class), and
   * whether it shows the focus ring: matches :focus-visible with a solid outline of 2 px or more.
   */
  focusRing(): Promise<{ focused: string | null; ring: boolean }> {
    return this.browser.execute(() => {
      const active = document.querySelector('healthex-connect')?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      if (!active) return { focused: null, ring: false };
      const name = active.getAttribute('data-action') ?? active.getAttributeNames().find((attribute) => attribute.startsWith('data-dialog-')) ?? active.className;
      const style = getComputedStyle(active);
      return { focused: name, ring: active.matches(':focus-visible') && style.outlineStyle === 'solid' && parseFloat(style.outlineWidth) >= 2 };
    });
  }

  /** Presses Tab (real key events) until the widget's focus is on `focused`; fails after `max` presses. */
  async tabTo(focused: string, max = 60): Promise<void> {
    for (let press = 0; press < max; press++) {
      if ((await this.focusRing()).focused === focused) return;
      await this.browser.keys(['Tab']);
    }
    expect((await this.focusRing()).focused, `${focused} not reachable with Tab`).toBe(focused);
  }

  /** A page button (outside the widget) by its text. */
  async pageButton(name: string): Promise<Element> {
    const found = this.browser.$(`button=${name}`);
    await found.waitForClickable({ timeout: STEP_TIMEOUT_MS });
    return found.getElement();
  }

  async signIn(siteUrl: string, person: string): Promise<void> {
    await this.goto(siteUrl);
    await (await this.pageButton(person)).click();
    await this.browser.waitUntil(async () => (await this.browser.getUrl()) === siteUrl, { timeout: STEP_TIMEOUT_MS, timeoutMsg: 'back on the site, signed in' });
    await this.watch();
  }

  /**
   * Sets the viewport (not the window) to width × height: MiniBrowser's window has its toolbar around
   * the page. A resize lands some time after WebDriver answers (later on a loaded machine), so each
   * step waits for the page's size to settle before it measures the toolbar from it: a stale reading
   * once asked for a window of negative width.
   */
  async setViewport(width: number, height: number): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const now = await this.settledViewport();
      if (now.width === width && now.height === height) break;
      const outer = await this.browser.getWindowRect();
      const target = { width: outer.width + width - now.width, height: outer.height + height - now.height };
      if (target.width <= 0 || target.height <= 0) throw new Error(`a ${width} × ${height} viewport would need a ${target.width} × ${target.height} window (window ${outer.width} × ${outer.height}, viewport ${now.width} × ${now.height})`);
      await this.browser.setWindowRect(0, 0, target.width, target.height);
      // Wait for the page to see the new size before the next, settled, reading.
      await this.browser
        .waitUntil(async () => JSON.stringify(await this.settledViewport()) !== JSON.stringify(now), { timeout: 3000, interval: 50 })
        .catch(() => undefined);
    }
    const reached = await this.settledViewport();
    if (reached.width !== width) throw new Error(`WebKit's viewport is ${reached.width} px wide, not ${width} (the window cannot be that narrow?)`);
  }

  /**
   * The viewport's size once two readings 100 ms apart agree (or after a second). Timers, not
   * animation frames: WebKit may hold a window's frames back while another window covers it.
   */
  private async settledViewport(): Promise<{ width: number; height: number }> {
    return this.browser.execute(
      () =>
        new Promise<{ width: number; height: number }>((resolve) => {
          const read = () => ({ width: window.innerWidth, height: window.innerHeight });
          const started = performance.now();
          let last = read();
          const check = () => {
            const now = read();
            if ((now.width === last.width && now.height === last.height) || performance.now() - started > 1000) resolve(now);
            else {
              last = now;
              setTimeout(check, 100);
            }
          };
          setTimeout(check, 100);
        }),
    );
  }
}

/** HealthEx's pages in the sandbox, in the current window: sign in if asked, choose a provider, Allow or Deny. */
export async function completeAtHealthex(
  page: WebKitPage,
  options: { login: string; decision: 'allow' | 'deny'; shots?: WebKitShots; sandboxOrigin: string },
): Promise<void> {
  const { browser } = page;
  await page.waitForOrigin(options.sandboxOrigin);
  const heading = await browser.$('h1');
  await heading.waitForExist({ timeout: STEP_TIMEOUT_MS });
  if ((await heading.getText()).includes('Sign in')) {
    await options.shots?.take(page, 'healthex-login');
    await browser.$('#username').setValue(options.login);
    await browser.$('#password').setValue('sandbox');
    await (await page.pageButton('Sign in')).click();
  }
  await browser.$('h1=Choose your providers').waitForExist({ timeout: STEP_TIMEOUT_MS });
  const provider = await browser.$('input[type="checkbox"][name="provider"]');
  if (!(await provider.isSelected())) await provider.click();
  await options.shots?.take(page, 'healthex-providers');
  await (await page.pageButton('Continue')).click();
  await browser.waitUntil(async () => /^Allow .* to access your records\?$/.test(await browser.$('h1').getText().catch(() => '')), {
    timeout: STEP_TIMEOUT_MS,
    timeoutMsg: 'the consent page',
  });
  await options.shots?.take(page, 'healthex-consent');
  await (await page.pageButton(options.decision === 'allow' ? 'Allow' : 'Deny')).click();
}

/**
 * Every state at 1280 × 900 and 375 × 812, numbered, in test-artifacts/e2e/webkit/<suite>/; with
 * UPDATE_README_SCREENSHOTS=1 also as docs/webkit/<suite>-<state>-<width>.png.
 */
export class WebKitShots {
  #count = 0;
  readonly dir: string;
  constructor(readonly suite: string) {
    this.dir = join(ARTIFACTS_DIR, 'webkit', suite);
  }
  async take(page: WebKitPage, state: string): Promise<string[]> {
    const files: string[] = [];
    const number = String(++this.#count).padStart(2, '0');
    await mkdir(this.dir, { recursive: true });
    if (process.env.UPDATE_README_SCREENSHOTS === '1') await mkdir(join(DOCS_DIR, 'webkit'), { recursive: true });
    for (const [width, height] of [
      [1280, 900],
      [375, 812],
    ] as const) {
      await page.setViewport(width, height);
      const targets = [join(this.dir, `${number}-${state}-${width}.png`)];
      if (process.env.UPDATE_README_SCREENSHOTS === '1') targets.push(join(DOCS_DIR, 'webkit', `${this.suite}-${state}-${width}.png`));
      for (const file of targets) {
        await page.browser.saveScreenshot(file);
        files.push(file);
      }
    }
    await page.setViewport(1280, 900);
    return files;
  }
}
