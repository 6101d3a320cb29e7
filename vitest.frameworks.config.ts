import { defineConfig } from 'vitest/config';
// The workspaces' package names mean their sources in this repository, as in the main run.
import { workspaceAliases } from './vitest.config.js';

// `npm run test:frameworks`: the five framework apps built against the packed package
// (release/frameworks). Heavy builds: one file at a time, after one shared install.
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['release/frameworks/**/*.frameworks.test.ts'],
    globalSetup: ['./testkit/stack/global-database.ts', './release/frameworks/install.global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
