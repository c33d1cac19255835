// @ts-check
// `npm run mutation`: how many small faults in the pure domain code (functions/core) and the use
// cases (functions/usecases) the fast tests catch (unit tests, and use-case tests on the in-memory ports). A measurement like `npm run bench`, not part of `npm test`. Stryker's own options
// follow `--`, e.g. `npm run mutation -- --mutate functions/core/suppression.ts --concurrency 1`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Only the fast tests: core is pure, the use cases run on the in-memory ports (functions/adapters/memory),
  // and the integration tests (emulators, Chromium) would take minutes per mutant. A fault that only
  // an integration test can catch counts as surviving here.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['functions/core/**/*.ts', 'functions/usecases/**/*.ts'],
  coverageAnalysis: 'perTest',
  // A static mutant changes code that runs when a module loads (a table of words, a schema, a
  // pattern): no test can be picked for it, so each one re-runs every unit test file that imports
  // the module, about 10 s. On 30 November 2026 that was 522 of 4,843 mutants and took the run from
  // ~30 minutes to over three hours (5–11 mutants a minute). They are left out of the score and
  // reported as ignored; `MUTATION_INCLUDE_STATIC=1 npm run mutation` runs them too.
  ignoreStatic: process.env.MUTATION_INCLUDE_STATIC !== '1',
  // Two cores, shared: more workers only wait on each other.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Other runs' sandboxes (a run on one module beside the whole one) are not copied into this one.
  ignorePatterns: ['/.stryker-tmp*'],
  // Stryker rewrites `extends` and `references` of this tsconfig in its sandbox through the
  // TypeScript JS API, which TypeScript 7 (the native compiler) no longer has. Ours has neither, so
  // point Stryker at no file and let it skip the rewrite (vitest transpiles with esbuild anyway).
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
export default config;
