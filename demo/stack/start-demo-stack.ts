/**
 * Starts the whole local product: the database (embedded unless MONGODB_URI is set), the HealthEx
 * sandbox, the connect service configured against it (serving the script-tag build), and the two demo
 * sites on different origins — Salus (http://localhost:<port>, the widget from the npm entry,
 * redirect mode) and the partner (http://127.0.0.1:<port>, the script tag under a strict CSP, popup
 * mode). Used by `npm start` (demo/start.ts) and by the end-to-end tests (e2e/), so both run the very
 * same stack. Ports are configurable; 0 picks free ones.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { serviceSecretHash } from '../../server/backend-api/service-credentials.js';
import { startSandbox, variantsFromName, type Sandbox } from 'healthex-sandbox';
import { startConnectService, type RunningConnectService } from '../../server/app.js';
import { loadConfig, type ConnectConfig } from '../../server/config.js';
import { startDatabase, type RunningDatabase } from '../../server/db/start-database.js';
import { freePort } from '../../server/net/free-port.js';
import { createPartnerSite, type CspReport } from '../partner-site/app.js';
import { createSalusSite } from '../salus-site/app.js';
import { buildSalusPage } from '../salus-site/build-page.js';
import { backendApiPersonalisation, PERSONALISATION_FEATURE } from '../salus-site/personalisation.js';
import { listenFirst, type ListeningSite } from '../site-kit/site-kit.js';
import { loadOrCreateDemoSecrets, type DemoSecrets } from './demo-secrets.js';
import { snapshotWidgetBuild } from './ensure-widget-build.js';

export const DEMO_SALUS_ISSUER = 'https://salusai.demo';
export const DEMO_PARTNER_ISSUER = 'https://partner.demo';
/** The name of the Salus demo site's service credential (SERVICE_CREDENTIALS). */
export const DEMO_SALUS_SERVICE = 'salus-demo-site';
/** The partner demo site's service credential: it may act only for the partner site's users. */
export const DEMO_PARTNER_SERVICE = 'partner-demo-site';

export interface DemoStackOptions {
  /** Where every server listens. Default 127.0.0.1 (the Salus origin is still `localhost`). */
  host?: string;
  connectPort?: number;
  sandboxPort?: number;
  salusPort?: number;
  partnerPort?: number;
  secretsFile?: string;
  log: Logger;
  /** Read for MONGODB_URI / MONGOD_PATH and LOG_LEVEL. */
  env?: NodeJS.ProcessEnv;
  mongodbDb?: string;
  onCspReport?: (report: CspReport) => void;
  /** Aborting while starting (Ctrl-C) stops what was started so far, including a widget build. */
  signal?: AbortSignal;
}

export interface DemoSite {
  /** The page's URL, e.g. http://localhost:4100/. */
  url: string;
  origin: string;
}

export interface DemoStack {
  database: RunningDatabase;
  sandbox: Sandbox;
  service: RunningConnectService;
  config: ConnectConfig;
  secrets: DemoSecrets;
  salus: DemoSite;
  partner: DemoSite & { cspReports: CspReport[] };
  stop(): Promise<void>;
}

const DEMO_DATA = fileURLToPath(new URL('../../.demo-data/', import.meta.url));
const DEFAULT_SECRETS_FILE = join(DEMO_DATA, 'demo-secrets.json');

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const host = options.host ?? '127.0.0.1';
  const env = options.env ?? process.env;
  const log = options.log;
  const signal = options.signal;
  const secrets = await loadOrCreateDemoSecrets(options.secretsFile ?? DEFAULT_SECRETS_FILE);
  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of started) await stop().catch(() => undefined);
  };
  try {
    // This run's own copy of the widget build (made first when missing or stale) and the Salus page
    // bundled from it, in .demo-data/ (git-ignored) so the npm entry's imports resolve from node_modules.
    await mkdir(DEMO_DATA, { recursive: true });
    await removeAbandonedRunDirs();
    const buildDir = await mkdtemp(join(DEMO_DATA, `run-${process.pid}-`));
    started.unshift(() => rm(buildDir, { recursive: true, force: true }));
    const widgetDir = join(buildDir, 'widget');
    await snapshotWidgetBuild(widgetDir, { quiet: true, log: (line) => log.info(line), ...(signal ? { signal } : {}) });
    const pageScripts = await buildSalusPage(join(buildDir, 'salus-page'), widgetDir);
    signal?.throwIfAborted();

    const database = await startDatabase(env);
    started.unshift(() => database.stop());
    signal?.throwIfAborted();
    // The sites listen first: the connect service must know their origins (CORS, return URLs).
    const salusServer: ListeningSite = await listenFirst(options.salusPort ?? 0, host);
    started.unshift(() => salusServer.close());
    const partnerServer: ListeningSite = await listenFirst(options.partnerPort ?? 0, host);
    started.unshift(() => partnerServer.close());
    const salusOrigin = `http://localhost:${salusServer.port}`;
    const partnerOrigin = `http://127.0.0.1:${partnerServer.port}`;

    // SANDBOX_VARIANTS=json-401|sse-200|text-403|bundle-401 plays one variant of HealthEx's unknowns (sandbox/variants.ts).
    const demoLinks = [
      { name: 'Salus AI demo', url: `${salusOrigin}/` },
      { name: 'Northwind Wellness (partner) demo', url: `${partnerOrigin}/` },
    ];
    const sandbox = await startSandbox({ host, port: options.sandboxPort ?? 0, variants: variantsFromName(env.SANDBOX_VARIANTS), demoLinks });
    started.unshift(() => sandbox.close());
    signal?.throwIfAborted();
    const connectPort = options.connectPort || (await freePort(host));
    const config = await loadConfig({
      HOST: host,
      PORT: String(connectPort),
      HEALTHEX_ISSUER: sandbox.issuer,
      MONGODB_DB: options.mongodbDb ?? 'healthex_connect_demo',
      TOKEN_ENCRYPTION_KEYS: `demo:${secrets.encryptionKey}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY: 'demo',
      CONNECT_TOKEN_ISSUERS: JSON.stringify([
        { issuer: DEMO_SALUS_ISSUER, secret: secrets.salusIssuerSecret, allowedOrigins: [salusOrigin], displayName: 'Salus AI', homeUrl: `${salusOrigin}/`, supportUrl: 'mailto:support@salusai.example' },
        { issuer: DEMO_PARTNER_ISSUER, secret: secrets.partnerIssuerSecret, allowedOrigins: [partnerOrigin], displayName: 'Northwind Wellness', homeUrl: `${partnerOrigin}/`, supportUrl: 'mailto:help@northwind.example' },
      ]),
      SERVICE_CREDENTIALS: JSON.stringify([
        // The Salus site's back end acts for the Salus site's users only, not the partner site's.
        { name: DEMO_SALUS_SERVICE, secretSha256: serviceSecretHash(secrets.salusServiceSecret), issuers: [DEMO_SALUS_ISSUER], features: [PERSONALISATION_FEATURE] },
        { name: DEMO_PARTNER_SERVICE, secretSha256: serviceSecretHash(secrets.partnerServiceSecret), issuers: [DEMO_PARTNER_ISSUER], features: [PERSONALISATION_FEATURE] },
      ]),
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    });
    const service = await startConnectService({ config, mongodbUri: database.uri, log, widgetDistDir: widgetDir });
    started.unshift(() => service.close());
    signal?.throwIfAborted();
    if (!service.widget) throw new Error('the connect service found no widget build (widget/dist/manifest.json); run `npm run build:widget`');

    const cspReports: CspReport[] = [];
    salusServer.serve(
      createSalusSite({
        origin: salusOrigin,
        connectUrl: service.url,
        issuer: DEMO_SALUS_ISSUER,
        secret: decodeSecret(secrets.salusIssuerSecret),
        pageScripts,
        isPersonalisationOn: backendApiPersonalisation({ connectUrl: service.url, serviceSecret: secrets.salusServiceSecret }),
      }).callback(),
    );
    partnerServer.serve(
      createPartnerSite({
        origin: partnerOrigin,
        connectUrl: service.url,
        widget: service.widget,
        issuer: DEMO_PARTNER_ISSUER,
        secret: decodeSecret(secrets.partnerIssuerSecret),
        onCspReport: (report) => {
          cspReports.push(report);
          log.warn({ cspReport: report.body }, 'CSP violation reported by the partner page');
          options.onCspReport?.(report);
        },
      }).callback(),
    );

    return {
      database,
      sandbox,
      service,
      config,
      secrets,
      salus: { url: `${salusOrigin}/`, origin: salusOrigin },
      partner: { url: `${partnerOrigin}/`, origin: partnerOrigin, cspReports },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Build copies of runs that ended without cleaning up (killed): `run-<pid>-…` whose process is gone. */
async function removeAbandonedRunDirs(): Promise<void> {
  for (const name of await readdir(DEMO_DATA).catch(() => [] as string[])) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') await rm(join(DEMO_DATA, name), { recursive: true, force: true });
    }
  }
}

/** The demo secrets are base64url, as CONNECT_TOKEN_ISSUERS takes them; the minting side wants bytes. */
function decodeSecret(secret: string): Uint8Array {
  return new Uint8Array(Buffer.from(secret, 'base64url'));
}
