import { defineConfig } from 'vitest/config';

// Node-side tests (service, sandbox, demo, end-to-end). Widget tests run in real browsers through
// @web/test-runner (web-test-runner.config.mjs), so widget/ is excluded here.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'testkit/**/*.test.ts', 'checks/**/*.test.ts', 'demo/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts', 'release/**/*.test.ts'],
    // release/frameworks: its own run (`npm run test:frameworks`, vitest.frameworks.config.ts).
    exclude: ['node_modules/**', 'dist/**', 'widget/**', 'checks/fixtures/**', 'release/frameworks/**'],
    globalSetup: ['./testkit/stack/global-database.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep file-level parallelism modest so timing-sensitive flows are not starved.
    maxWorkers: 2,
  },
});
