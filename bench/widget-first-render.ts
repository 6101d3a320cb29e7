/**
 * Widget first render: headless Chromium loads a host page (its own origin, on loopback) with the
 * script tag (SRI) pointing at the connect service, which serves the widget and answers the status
 * query for a connected user. Measured in the page, on performance.now():
 *   start — the widget script starts executing: the later of the module script just before it and the
 *           script's responseEnd (module scripts run in document order, once fetched);
 *   end   — the banner shows the server's answer: after `healthex-status-change`, the DOM change (seen
 *           by a MutationObserver, at the microtask checkpoint right after the update) that gives the
 *           banner `data-look` equal to the status's state. The widget renders the regions below the
 *           banner after that banner is painted; "everything rendered" (the element's updateComplete,
 *           which waits for them) is reported beside it, and so is the load's layout shift (CLS).
 * Cold: a fresh browser context per load (empty HTTP cache). Warm: one context, reloaded (the
 * script comes from the HTTP cache). The answer includes a CORS preflight (Bearer header) and the
 * status query.
 *
 * The floor is measured the same way in the same run: bench/widget-floor/lit-trpc-floor.js (a bare Lit
 * element making the same authorized cross-origin query with createTRPCClient), built by the weight
 * benchmark. Like for like, it pays what the widget pays: a second connect service (same code, config
 * and database, its own loopback origin) serves it through the same widget route — same headers,
 * brotli, immutable caching, SRI from its manifest, `crossorigin` script tag — and answers its query,
 * so script and query share one cross-origin connection as the widget's do. Targets: cold median
 * ≤ 1.5× the floor's cold median, warm median < 25 ms, CLS 0 on every load (from the answered banner on).
 *
 * The page reports its figures with one console message once it is done, and the benchmark waits
 * for that message: nothing of Playwright's runs in the page during the measured window. (Earlier
 * versions polled with `waitForFunction`, which makes Playwright evaluate its ~40 ms injected script
 * in the page's main thread while the widget loads — traces showed it landing inside the window and
 * delaying the status answer's handling. No user's page runs it, so it was measurement noise.)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startConnectService, DEFAULT_WIDGET_DIST } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { benchToken, connectedDocument, log, ms, newSecrets, ratio, serviceEnv, subjectOf, summarize, table, type Section } from './lib/common.js';
import { FLOOR_FILE } from './widget-weight.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TARGET_WARM_MEDIAN_MS = 25;
const TARGET_CLS = 0;
const TARGET_COLD_RATIO = 1.5;

interface Sample {
  start: number;
  rendered: number;
  painted: number;
  scriptEnd: number;
  marker: number;
  statusStart: number;
  statusEnd: number;
  /** When the widget fired `healthex-status-change`: it has read the answer, the update is next. */
  statusEvent: number;
  /** The element's updateComplete after the answer: everything below the banner rendered too. */
  complete: number;
  /** Cumulative layout shift from the answered banner on (the banner's change, the rest arriving). */
  cls: number;
  /** Cumulative layout shift of the whole load, the element's arrival in the host page included. */
  clsLoad: number;
  look: string;
  state: string;
}

/** Prefix of the page's one console message carrying its figures as JSON. */
const REPORT = '__bench ';

function hostPage(widgetUrl: string, integrity: string, apiBase: string, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>first render</title>
<script type="module">
  const REPORT = ${JSON.stringify(REPORT)};
  const bench = { marker: performance.now() };
  // Layout shifts (the CLS metric's entries; Chromium reports them). The element's own arrival (an
  // undefined element is empty, the script's first render gives it its height) is the host page's
  // layout and is counted apart ("whole load"); \`cls\` counts from the answered banner on: the banner's
  // change to the answer and the regions below it arriving. This page reserves no space for the
  // element, so the load's first shift is always its arrival; it is left out of \`cls\` even when the
  // answer came before the loading state was ever painted (a fast warm load), when the arrival's frame
  // already shows the answered banner and the entry's time is after \`rendered\`.
  bench.cls = 0;
  bench.clsLoad = 0;
  let arrival = true;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      bench.clsLoad += e.value;
      if (!arrival && bench.rendered !== undefined && e.startTime >= bench.rendered) bench.cls += e.value;
      arrival = false;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const banner = (element) => element.shadowRoot && element.shadowRoot.querySelector('[part~="banner"]');
  /** Resolves once test() holds: checked now and on every change in the element's shadow root. */
  const when = (element, test) => new Promise((resolve) => {
    if (test()) return resolve(performance.now());
    const observer = new MutationObserver(() => { if (test()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(element.shadowRoot, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-look'] });
  });
  document.addEventListener('healthex-status-change', async (event) => {
    bench.statusEvent = performance.now();
    const element = event.target;
    const state = event.detail.status.state;
    // The banner shows the answer: the DOM change that puts data-look=state on it (seen at the
    // microtask checkpoint right after the update that made it, as updateComplete would be).
    bench.rendered = await when(element, () => banner(element) && banner(element).dataset.look === state);
    bench.look = banner(element).dataset.look;
    bench.state = state;
    const entry = performance.getEntriesByName(${JSON.stringify(widgetUrl)})[0];
    bench.scriptEnd = entry ? entry.responseEnd : bench.marker;
    const status = performance.getEntriesByType('resource').find((e) => e.name.includes('/trpc/connection.status'));
    bench.statusStart = status ? status.startTime : NaN;
    bench.statusEnd = status ? status.responseEnd : NaN;
    requestAnimationFrame(() => { bench.painted = performance.now(); });
    // Everything below the banner rendered (the floor has nothing below it: its updateComplete).
    await element.updateComplete;
    bench.complete = performance.now();
    // Two frames later, so the last layout's shifts are in.
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => { console.log(REPORT + JSON.stringify(bench)); }, 0)));
  }, { once: true });
</script>
<script type="module" src="${widgetUrl}" integrity="${integrity}" crossorigin="anonymous"></script>
</head><body><healthex-connect api-base="${apiBase}" token="${token}"></healthex-connect>
<p>The host page goes on below the widget: a change of the widget's height moves this (CLS).</p></body></html>`;
}

export async function widgetFirstRender(options: { mongodbUri: string; widgetDir: string | null; loads?: number }): Promise<Section> {
  const loads = options.loads ?? 40;
  const secrets = newSecrets();
  const subject = subjectOf(7);
  const token = await benchToken(secrets, subject);
  let html = '';
  let floorHtml = '';
  const floorPath = options.widgetDir ? join(options.widgetDir, FLOOR_FILE) : null;
  const floorScript = floorPath && existsSync(floorPath) ? readFileSync(floorPath) : null;
  const pages: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.url === '/floor' ? floorHtml : html);
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

  const dbName = `bench_render_${Date.now()}`;
  const config = await loadConfig(serviceEnv({ secrets, dbName, allowedOrigins: [pageOrigin] }));
  const service = await startConnectService({
    config,
    mongodbUri: options.mongodbUri,
    log: createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: true })),
    widgetDistDir: options.widgetDir ?? DEFAULT_WIDGET_DIST,
  });
  // The floor's own connect service: a dist directory whose manifest names the floor file.
  const floorDir = floorScript ? await mkdtemp(join(tmpdir(), 'healthex-bench-floor-')) : null;
  if (floorDir && floorScript) {
    await writeFile(join(floorDir, FLOOR_FILE), floorScript);
    const integrity = `sha384-${createHash('sha384').update(floorScript).digest('base64')}`;
    await writeFile(join(floorDir, 'manifest.json'), JSON.stringify({ version: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version, file: FLOOR_FILE, integrity }));
  }
  const floorService = floorDir
    ? await startConnectService({ config, mongodbUri: options.mongodbUri, log: createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: true })), widgetDistDir: floorDir })
    : null;
  let browser: Browser | undefined;
  try {
    if (!service.widget) throw new Error('no widget build to serve (run the weight benchmark first, or npm run build:widget)');
    await service.collections.connections.insertOne(connectedDocument(config.keyRing, subject));
    html = hostPage(`${service.url}${service.widget.path}`, service.widget.integrity, service.url, token);
    if (floorService) {
      if (!floorService.widget) throw new Error('the floor service did not pick up the floor build');
      floorHtml = hostPage(`${floorService.url}${floorService.widget.path}`, floorService.widget.integrity, floorService.url, token);
    }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

    const once = async (context: BrowserContext, path = '/'): Promise<Sample> => {
      const tab = context.pages()[0] ?? (await context.newPage());
      const reported = tab.waitForEvent('console', { predicate: (message) => message.text().startsWith(REPORT), timeout: 15_000 });
      await tab.goto(`${pageOrigin}${path}`, { waitUntil: 'commit' });
      const b = JSON.parse((await reported).text().slice(REPORT.length)) as Omit<Sample, 'start'>;
      if (b.look !== b.state) throw new Error(`the banner shows ${b.look}, the service answered ${b.state}`);
      return { ...b, start: Math.max(b.marker, b.scriptEnd) };
    };

    // Side by side: each round loads the floor and the widget one after the other (order alternating),
    // so a burst of other work on this shared machine falls on both alike. Each keeps its own warm
    // context for the warm loads; the first rounds warm Chromium and both services up.
    const paths = floorService ? ['/floor', '/'] : ['/'];
    const samples = new Map(paths.map((path) => [path, { cold: [] as Sample[], warm: [] as Sample[] }]));
    log(`render: ${loads} rounds of cold loads (fresh context each), ${paths.length === 2 ? 'floor and widget alternating' : 'widget only'}`);
    for (let i = 0; i < loads + 3; i += 1) {
      for (const path of i % 2 === 0 ? paths : [...paths].reverse()) {
        const context = await browser!.newContext();
        const sample = await once(context, path);
        await context.close();
        if (i >= 3) samples.get(path)!.cold.push(sample);
      }
    }
    log(`render: ${loads} rounds of warm loads (one context each, reloads)`);
    const warmContexts = new Map<string, BrowserContext>();
    for (const path of paths) {
      const context = await browser!.newContext();
      await context.newPage();
      warmContexts.set(path, context);
    }
    for (let i = 0; i < loads + 3; i += 1) {
      for (const path of i % 2 === 0 ? paths : [...paths].reverse()) {
        const sample = await once(warmContexts.get(path)!, path);
        if (i >= 3) samples.get(path)!.warm.push(sample);
      }
    }
    for (const context of warmContexts.values()) await context.close();
    const floorRun = floorService ? samples.get('/floor')! : null;
    const { cold, warm } = samples.get('/')!;

    const row = (name: string, samples: Sample[]) => {
      const render = summarize(samples.map((s) => s.rendered - s.start));
      const paint = summarize(samples.map((s) => s.painted - s.start));
      const nav = summarize(samples.map((s) => s.rendered));
      const complete = summarize(samples.map((s) => s.complete - s.start));
      const cls = Math.max(...samples.map((s) => s.cls));
      const clsLoad = Math.max(...samples.map((s) => s.clsLoad));
      const phase = (f: (s: Sample) => number) => ms(summarize(samples.map(f)).median, 1);
      const phases = [
        name,
        phase((s) => s.statusStart - s.start),
        phase((s) => s.statusEnd - s.statusStart),
        phase((s) => s.rendered - s.statusEnd),
        phase((s) => s.statusEvent - s.statusEnd),
        phase((s) => s.rendered - s.statusEvent),
        phase((s) => s.start),
      ];
      return {
        name,
        render,
        paint,
        nav,
        complete,
        cls,
        phases,
        cells: [name, render.n, ms(render.median, 1), ms(render.p95, 1), ms(paint.median, 1), ms(paint.p95, 1), ms(complete.median, 1), ms(complete.p95, 1), cls.toFixed(4), clsLoad.toFixed(4), ms(nav.median, 1), ms(nav.p95, 1)],
      };
    };
    const coldRow = row('cold (new context, empty cache)', cold);
    const warmRow = row('warm (reload, cached script)', warm);
    const floorCold = floorRun ? row('floor, cold', floorRun.cold) : null;
    const floorWarm = floorRun ? row('floor, warm', floorRun.warm) : null;
    const coldRatio = floorCold ? coldRow.render.median / floorCold.render.median : NaN;
    log(
      `render: cold ${ms(coldRow.render.median, 1)} vs floor ${floorCold ? ms(floorCold.render.median, 1) : 'n/a'} = ${ratio(coldRatio)} (target ≤ ${TARGET_COLD_RATIO}×); ` +
        `warm ${ms(warmRow.render.median, 1)} vs floor ${floorWarm ? ms(floorWarm.render.median, 1) : 'n/a'} (target < ${TARGET_WARM_MEDIAN_MS} ms); ` +
        `everything rendered cold ${ms(coldRow.complete.median, 1)}, warm ${ms(warmRow.complete.median, 1)}; ` +
        `CLS from the banner, worst ${Math.max(coldRow.cls, warmRow.cls).toFixed(4)} (target ${TARGET_CLS})`,
    );
    const body = [
      `Headless Chromium (${browser.version()}), host page on its own loopback origin, widget served by the connect service with SRI; ` +
        `the user is connected, so the banner ends on \`data-look="connected"\` (checked on every load). ` +
        `"script → banner" is from the widget script starting to execute to the banner rendered with the server's answer ` +
        `(includes the CORS preflight and the status query); "→ next frame" adds the following animation frame; "everything rendered" is the element's \`updateComplete\` ` +
        `after the answer, which also waits for the regions below the banner (tiles or summary, steps, privacy panel, activity: they render once the banner ` +
        `showing the answer has been painted; the floor has none). CLS: the host page has a paragraph after the widget; "from the banner" sums the ` +
        `\`layout-shift\` entries from the answered banner on (its change to the answer and the rest arriving), "whole load" also the element's arrival ` +
        `(an undefined element is empty until the script renders it: the host page's layout, which a host avoids by giving \`healthex-connect:not(:defined)\` ` +
        `a height); worst of all loads. "navigation → banner" counts from navigation start.`,
      '',
      table(
        ['loads', 'n', 'script → banner median', 'p95', '→ next frame median', 'p95', 'script → everything rendered median', 'p95', 'CLS from the banner (worst load)', 'CLS whole load (worst)', 'navigation → banner median', 'p95'],
        [coldRow.cells, warmRow.cells, ...(floorCold && floorWarm ? [floorCold.cells, floorWarm.cells] : [])],
      ),
      '',
      floorCold && floorWarm
        ? `Against the floor (a bare Lit element making the same authorized cross-origin query with createTRPCClient, served the same way by a connect service of its own): cold ${ratio(coldRatio)}, warm ${ratio(warmRow.render.median / floorWarm.render.median)}.`
        : 'No floor build next to the widget (run the weight benchmark first): no ratio.',
      '',
      'Where the time goes (medians, from the page\'s resource timing): the script running until the status request starts (compilation, evaluation, element upgrade; ' +
        'the widget starts the request on connect, and holds its first render for the answer up to 100 ms); the status request (CORS preflight + query, over a new ' +
        'connection when cold; the floor renders its loading state meanwhile); the answer to the banner rendered, split into the answer reaching the widget ' +
        '(the response\'s handling and whatever main-thread work was running when it arrived) and the widget\'s update showing it (for the widget, its first render, ' +
        'with the banner\'s first style and layout in the next frame); and, before all of it, navigation → script start. "script start" is the later of the inline module before the widget script and the ' +
        'script\'s responseEnd, so the script\'s compilation counts inside the window. Medians of each phase do not add up to the median total.',
      '',
      table(
        ['loads', 'script → request sent', 'request (preflight + status)', 'answer → banner', 'of which answer → status event', 'status event → banner', 'navigation → script start'],
        [coldRow.phases, warmRow.phases],
      ),
    ].join('\n');
    return {
      title: 'Widget first render',
      body,
      targets: [
        {
          name: 'Widget first render, cold (script → banner)',
          target: `median ≤ ${TARGET_COLD_RATIO}× the floor`,
          measured: floorCold
            ? `median ${ms(coldRow.render.median, 1)} = ${ratio(coldRatio)} the floor's ${ms(floorCold.render.median, 1)} (p95 ${ms(coldRow.render.p95, 1)})`
            : `median ${ms(coldRow.render.median, 1)} (p95 ${ms(coldRow.render.p95, 1)}); no floor in this run (run the weight benchmark with it), so no ratio`,
          met: coldRatio <= TARGET_COLD_RATIO,
        },
        {
          name: 'Widget first render, layout shift (CLS from the answered banner on)',
          target: `${TARGET_CLS} on every load`,
          measured: `worst load ${Math.max(coldRow.cls, warmRow.cls).toFixed(4)} (cold ${coldRow.cls.toFixed(4)}, warm ${warmRow.cls.toFixed(4)})`,
          met: Math.max(coldRow.cls, warmRow.cls) <= TARGET_CLS,
        },
        {
          name: 'Widget first render, warm (script → banner)',
          target: `median < ${TARGET_WARM_MEDIAN_MS} ms`,
          measured: `median ${ms(warmRow.render.median, 1)}, p95 ${ms(warmRow.render.p95, 1)} (floor: ${floorWarm ? ms(floorWarm.render.median, 1) : 'n/a'})`,
          met: warmRow.render.median < TARGET_WARM_MEDIAN_MS,
        },
      ],
    };
  } finally {
    await browser?.close();
    await service.collections.connections.deleteMany({});
    await service.close();
    await floorService?.close();
    if (floorDir) await rm(floorDir, { recursive: true, force: true });
    pages.closeAllConnections();
    await new Promise<void>((resolve) => pages.close(() => resolve()));
  }
}
