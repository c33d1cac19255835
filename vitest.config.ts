import { defineConfig } from 'vitest/config';
import SuiteSequencer from './test/support/sequencer';

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
    // The longest files first (sequencer.ts).
    sequence: { sequencer: SuiteSequencer },
    // Files share a worker's loaded modules: vitest, zod, the core, the renderer (ECharts,
    // Handlebars), the AWS SDK, puppeteer and aws-cdk-lib are loaded once per worker instead of once
    // per file. Nothing a file leaves behind reaches the next: each file gets its own table, buckets
    // and key folder on its worker slot's emulators (startTestStack), the CLI runs with an environment
    // of its own per call (runCli), the process environment a file changes is put back when it ends
    // (restore-env.ts), and a file that loads a Lambda handler, which reads its configuration when it is
    // loaded, forgets the loaded modules first (coldStart in lambda-context.ts).
    isolate: false,
    setupFiles: ['test/support/restore-env.ts'],
    // The CLI bundled for the run (again only when its sources changed), for the CLI calls that need a
    // process of their own (startCli); one set of emulators per worker slot for the run, not one per
    // file (startTestStack).
    globalSetup: ['test/support/cli-bundle.ts', 'test/support/emulator-stacks.ts'],
  },
});
