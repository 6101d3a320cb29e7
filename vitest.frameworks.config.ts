import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The workspaces' package names mean their sources in this repository (as in vitest.config.ts). */
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `npm run test:frameworks`: the five framework apps built against the packed package
// (release/frameworks). Heavy builds: one file at a time, after one shared install.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^healthex-connect-contract$/, replacement: source('./contract/index.ts') },
      { find: /^healthex-sandbox$/, replacement: source('./sandbox/index.ts') },
    ],
  },
  test: {
    include: ['release/frameworks/**/*.frameworks.test.ts'],
    globalSetup: ['./testkit/stack/global-database.ts', './release/frameworks/install.global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
