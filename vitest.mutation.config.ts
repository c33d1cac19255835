import { defineConfig } from 'vitest/config';
import LoadFailureAsFailedTest from './test/support/load-failure-reporter';

// The fast tests, for Stryker (stryker.config.mjs): the unit tests cover functions/core without I/O,
// the use-case tests cover functions/usecases on the in-memory ports. No emulator, no Chromium.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/usecases/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default', new LoadFailureAsFailedTest()],
  },
});
