import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The workspaces' package names mean their sources in this repository (as tsconfig.json's `paths`). */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Node-side tests (contract, service, sandbox, stack tests, demo, end-to-end, release). Widget tests
// run in real browsers through @web/test-runner (web-test-runner.config.mjs), so widget/ is excluded here.
export const workspaceAliases = [
  { find: /^healthex-connect-contract$/, replacement: source('./contract/index.ts') },
  { find: /^healthex-sandbox$/, replacement: source('./sandbox/index.ts') },
];

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['contract/**/*.test.ts', 'server/**/*.test.ts', 'sandbox/**/*.test.ts', 'tests/**/*.test.ts', 'testkit/**/*.test.ts', 'checks/**/*.test.ts', 'demo/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts', 'release/**/*.test.ts'],
    // release/frameworks: its own run (`npm run test:frameworks`, vitest.frameworks.config.ts).
    exclude: ['node_modules/**', '**/dist/**', 'widget/**', 'checks/fixtures/**', 'release/frameworks/**'],
    globalSetup: ['./testkit/stack/global-database.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep file-level parallelism modest so timing-sensitive flows are not starved.
    maxWorkers: 2,
  },
});
