import { defineConfig } from 'vitest/config';

// `npm run test:frameworks`: the five framework apps built against the packed package
// (release/frameworks). Heavy builds: one file at a time, after one shared install.
export default defineConfig({
  test: {
    include: ['release/frameworks/**/*.frameworks.test.ts'],
    globalSetup: ['./testkit/stack/global-database.ts', './release/frameworks/install.global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
