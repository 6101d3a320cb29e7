/**
 * Lighthouse (pinned 12.2.3) through its Node API against Debian's Chromium: the default
 * configuration, i.e. the mobile preset (Moto G Power emulation, simulated slow-4G and 4× CPU
 * throttling), performance category only. Chromium is started by puppeteer-core with a DevTools port
 * and every background download switched off; Lighthouse connects to that port and opens its own tab
 * per run, clearing the origin's storage and the HTTP cache first (a cold load each time).
 */
import lighthouse from 'lighthouse';
import puppeteer, { type Browser } from 'puppeteer-core';

export const LIGHTHOUSE_CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--remote-debugging-port=0',
];

export interface LighthouseFigures {
  score: number; // 0..100
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  speedIndex: number;
  /** Main-thread work during the load (Lighthouse's breakdown, ms): a figure the floor does not round to 0. */
  mainThread: number;
  /** What costs points: weighted metrics below 1 and failing opportunities/diagnostics. */
  losses: string[];
  lighthouseVersion: string;
  /** The whole report (JSON), to keep for reading. */
  report: string;
}

export interface LighthouseRunner {
  chromium: string;
  run(url: string, headers?: Record<string, string>): Promise<LighthouseFigures>;
  close(): Promise<void>;
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

export async function startLighthouseRunner(): Promise<LighthouseRunner> {
  // pipe: false makes puppeteer talk over the DevTools port, which Lighthouse then connects to.
  const browser: Browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: false,
    args: LIGHTHOUSE_CHROMIUM_ARGS,
    timeout: 30_000,
  });
  const port = Number(new URL(browser.wsEndpoint()).port);
  const chromium = await browser.version();
  return {
    chromium,
    async run(url, headers) {
      const result = await lighthouse(url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        ...(headers ? { extraHeaders: headers } : {}),
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const report = Array.isArray(result.report) ? result.report.join('\n') : result.report;
      return { ...figuresOf(lhr), lighthouseVersion: lhr.lighthouseVersion, report };
    },
    close: () => browser.close(),
  };
}

function numeric(lhr: Lhr, id: string): number {
  const value = lhr.audits[id]?.numericValue;
  if (typeof value !== 'number') throw new Error(`the report has no figure for ${id}`);
  return value;
}

function figuresOf(lhr: Lhr): Omit<LighthouseFigures, 'report' | 'lighthouseVersion'> {
  const performance = lhr.categories.performance;
  if (!performance || performance.score === null) throw new Error('the report has no performance score');
  return {
    score: Math.round(performance.score * 100),
    fcp: numeric(lhr, 'first-contentful-paint'),
    lcp: numeric(lhr, 'largest-contentful-paint'),
    tbt: numeric(lhr, 'total-blocking-time'),
    cls: numeric(lhr, 'cumulative-layout-shift'),
    speedIndex: numeric(lhr, 'speed-index'),
    mainThread: numeric(lhr, 'mainthread-work-breakdown'),
    losses: lossesOf(lhr),
  };
}

/** The weighted metrics that scored below 1, then the opportunities and diagnostics that failed. */
function lossesOf(lhr: Lhr): string[] {
  const refs = lhr.categories.performance?.auditRefs ?? [];
  const losses: string[] = [];
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null) continue;
    if (ref.weight > 0 && audit.score < 1) losses.push(`${audit.title} ${audit.displayValue ?? ''} (score ${audit.score.toFixed(2)}, weight ${ref.weight})`.replace(/\s+/g, ' '));
  }
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (!audit || ref.weight > 0 || audit.score === null) continue;
    if (['metricSavings', 'numeric', 'binary'].includes(audit.scoreDisplayMode) && audit.score < 0.9) {
      losses.push(`${audit.id}: ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ''}`);
    }
  }
  return losses;
}
