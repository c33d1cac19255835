import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start emulators and Chromium; two cores share them, so give them time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The CLI bundled for the run (again only when its sources changed): the tests start it ~175 times.
    globalSetup: ['test/support/cli-bundle.ts'],
    // The SDK's notice that its 2027 releases need Node 22 (the Lambda runtime is 24) is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxWorkers: 2,
  },
});
