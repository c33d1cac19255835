import { defineConfig } from 'vitest/config';
import LoadFailureAsFailedTest from './test/support/load-failure-reporter';

// The unit tests alone, for Stryker (stryker.config.mjs): they cover functions/core without I/O.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default', new LoadFailureAsFailedTest()],
  },
});
