import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests without I/O of their own: no emulators, no process.env of their own, no module that reads its
 * configuration when loaded (the PDF tests launch and close their own Chromium). They share a worker's
 * loaded modules (isolate: false): vitest, zod, the core, the renderer (ECharts, Handlebars) and
 * aws-cdk-lib are loaded once per worker instead of once per file. CPU, each way at the same load
 * (17–26): unit and use-case tests 43 s against 21 s, infra 30 s against 24 s.
 */
const SHARED_MODULES = ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/pdf/**/*.test.ts'];

export default defineConfig({
  test: {
    // Integration tests start emulators and Chromium; two cores share them, so give them time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The SDK's notice that its 2027 releases need Node 22 (the Lambda runtime is 24) is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Three workers on two cores: the tests wait on Chromium, the emulators and the CLI's sends in
    // other processes, and two workers left a quarter of the CPU idle (5 December 2026, quiet machine,
    // one run each: 220 s with two, 196 s with three; README "How long the suite takes").
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'fast', include: SHARED_MODULES, isolate: false } },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.test.ts'],
          // Each file its own process: the emulators' endpoints and the handlers' configuration live in process.env and in module state.
          exclude: [...configDefaults.exclude, ...SHARED_MODULES],
          // The CLI bundled for the run (again only when its sources changed), for the CLI calls that need a process of their own (startCli).
          // One set of emulators per worker slot for the run, not one per file (startTestStack).
          globalSetup: ['test/support/cli-bundle.ts', 'test/support/emulator-stacks.ts'],
        },
      },
    ],
  },
});
