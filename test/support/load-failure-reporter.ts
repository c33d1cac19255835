import type { Reporter, Vitest } from 'vitest/node';

/**
 * For mutation runs only (vitest.mutation.config.ts). A mutant that makes a module throw when it
 * is imported (a broken zod schema, a catalogue that no longer parses) fails every test file that
 * imports it, but such a file collects no test, and Stryker's vitest runner builds its verdict
 * from the tests it collected: it reports the mutant as survived (stryker-js issue 6150, in
 * 9.6.1 and 10.0.0). Here each test file that failed without a test gets one failed test, named
 * after the load error, so Stryker counts the mutant as killed, which is what it is.
 */
export default class LoadFailureAsFailedTest implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  // The files as the runner reads them afterwards: vitest's own state.
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      // Built by hand: vitest gives a test a context only it can make, and nothing reads one after the run.
      file.tasks.push({
        type: 'test',
        id: `${file.id}_load`,
        name: 'the test file loads',
        mode: 'run',
        file,
        suite: file,
        meta: {},
        result: { state: 'fail', errors: file.result.errors },
      } as unknown as (typeof file.tasks)[number]);
    }
  }
}
