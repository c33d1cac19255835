import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files, longest first (README "How long the suite takes"), so none of them starts last:
 * the many short unit and use-case files then fill the workers evenly to the end, and the journeys
 * that wait (on leases, the emulators, Chromium) run beside the PDF tests that keep the cores busy.
 * On a clean clone vitest has no times of an earlier run and orders by file size, which put
 * `reliability` (the longest) eighth.
 */
const LONGEST_FIRST = [
  'test/integration/reliability.test.ts',
  'test/integration/cycle.test.ts',
  'test/integration/import.test.ts',
  'test/pdf/subtraction.test.ts',
  'test/pdf/subtraction-opted-out.test.ts',
  'test/console/console.test.ts',
  'test/console/defects.test.ts',
];

export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // vitest's own order first (failed, then longest by the last run's times, else largest), then ours; the sort is stable.
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONGEST_FIRST.indexOf(path.relative(spec.project.config.root, spec.moduleId));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
