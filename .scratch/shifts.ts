import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import puppeteer from 'puppeteer-core';
import { startDemoStack } from '../demo/stack/start-demo-stack.js';
import { createLogger } from '../server/logger.js';
import { startDatabase } from '../server/db/start-database.js';
const db = await startDatabase(process.env);
const stack = await startDemoStack({ host: '127.0.0.1', log: createLogger('error', pino.destination({ dest: '/dev/null', sync: true })), env: { MONGODB_URI: db.uri, LOG_LEVEL: 'error' }, mongodbDb: 'shift' + Date.now(), secretsFile: join(await mkdtemp(join(tmpdir(), 'x')), 's.json') });
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
for (const site of [stack.salus, stack.partner]) {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  await page.evaluateOnNewDocument(() => {
    (window as any).__shifts = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries() as any[]) (window as any).__shifts.push({ t: Math.round(e.startTime), v: e.value.toFixed(4), s: e.sources.map((s: any) => `${s.node?.nodeName}${s.node?.className ? '.' + s.node.className : ''}${s.node?.id ? '#' + s.node.id : ''} ${JSON.stringify(s.previousRect)}→${JSON.stringify(s.currentRect)}`) }); }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(site.url);
  await page.click('button[value="ava"]');
  await page.waitForNavigation().catch(() => {});
  await new Promise((r) => setTimeout(r, 3000));
  console.log(site.url, JSON.stringify(await page.evaluate(() => (window as any).__shifts), null, 1));
}
await browser.close(); await stack.stop(); await db.stop(); process.exit(0);
