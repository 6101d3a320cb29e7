/**
 * @web/test-runner plugin: starts the fake connect service (fake-connect-service.ts, run through
 * tsx so it can use the real server router) on its own origin, and lets browser tests script it with
 * `executeServerCommand('fake-connect', { action, … })` (see helpers.ts).
 */
import { tsImport } from 'tsx/esm/api';

export function fakeConnectPlugin() {
  /** @type {import('./fake-connect-service.ts').FakeConnectService | undefined} */
  let fake;
  /** @type {string[]} */
  let pageOrigins = [];
  return {
    name: 'fake-connect-service',
    async serverStart({ config }) {
      const { startFakeConnectService } = await tsImport('./fake-connect-service.ts', import.meta.url);
      const port = config.port ?? 8000;
      const hostname = config.hostname ?? 'localhost';
      pageOrigins = [`${config.http2 ? 'https' : 'http'}://${hostname}:${port}`];
      fake = await startFakeConnectService({ allowedOrigins: () => pageOrigins });
    },
    async serverStop() {
      await fake?.close();
    },
    executeCommand({ command, payload }) {
      if (command !== 'fake-connect') return undefined;
      if (!fake) throw new Error('fake connect service not started');
      switch (payload?.action) {
        case 'info':
          return { apiBase: fake.apiBase, pageOrigins };
        case 'setup':
          fake.setup(payload.user, payload.scenario ?? {});
          return true;
        case 'update':
          fake.update(payload.user, payload.scenario ?? {});
          return true;
        case 'get':
          return fake.get(payload.user) ?? null;
        default:
          throw new Error(`unknown fake-connect action ${payload?.action}`);
      }
    },
  };
}
