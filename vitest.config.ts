import { configDefaults, defineConfig } from 'vitest/config';
import SuiteSequencer from './test/support/sequencer';

/**
 * Two projects (README "How long the suite takes").
 * - `shared`: almost every file. Its files share a worker's loaded modules (isolate: false): vitest,
 *   zod, the core, the renderer (ECharts, Handlebars), the AWS SDK, puppeteer and aws-cdk-lib are
 *   loaded once per worker instead of once per file. That is safe because no module of theirs reads
 *   its configuration when loaded: each file gets its own table, buckets and key folder on its worker
 *   slot's emulators (startTestStack), the CLI runs with an environment of its own per call (runCli),
 *   and the process environment a file changes is put back when it ends (restore-env.ts).
 * - `own-process`: files that load a Lambda handler, one process each.
 */
/** Test files that import a Lambda handler (functions/handlers), each with the configuration it sets. */
const OWN_PROCESS = [
  'test/integration/run-handler.test.ts',
  'test/integration/delivery-ledger.test.ts',
  'test/integration/import.test.ts',
  'test/integration/operators.test.ts',
  'test/integration/console-handler.test.ts',
  'test/console/link-pages.test.ts',
  'test/console/api-records.test.ts',
];

/**
 * The CLI bundled for the run (again only when its sources changed), for the CLI calls that need a
 * process of their own (startCli); one set of emulators per worker slot for the run, not one per file
 * (startTestStack). Both projects get the same ones (shared-setup.ts).
 */
const STACK_SETUP = ['test/support/cli-bundle.ts', 'test/support/emulator-stacks.ts'];

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
    // The projects one after another, the longest files of each first (sequencer.ts).
    sequence: { sequencer: SuiteSequencer },
    projects: [
      // Files that load a Lambda handler: a handler reads its configuration once, when it is loaded (as
      // on a cold start), so each of these files loads it fresh in a process of its own.
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS, globalSetup: STACK_SETUP } },
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...OWN_PROCESS],
          isolate: false,
          setupFiles: ['test/support/restore-env.ts'],
          globalSetup: STACK_SETUP,
        },
      },
    ],
  },
});
