import { defineConfig } from 'vitest/config';
import LoadFailureAsFailedTest from './test/support/load-failure-reporter';

// The fast tests, for Stryker (stryker.config.mjs): the unit tests cover functions/core without I/O,
// the use-case tests cover functions/usecases on the in-memory ports. No emulator, no Chromium.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default', new LoadFailureAsFailedTest()],
    // Stryker re-runs the covering tests once per mutant; isolated, every run imports the test files'
    // modules again (seconds each on a busy machine). The tests keep no state in modules between
    // files, and static mutants (which need a fresh import) are left out (stryker.config.mjs).
    isolate: false,
  },
});
