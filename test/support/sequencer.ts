import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The projects in the order they run (vitest.config.ts). vitest runs a project's files one after
 * another and keeps a worker that shares its loaded modules only while the next file is of the same
 * project, so each project runs as one block: first the files with a process of their own, then the
 * shared ones, whose many short unit and use-case files fill the workers evenly to the end instead
 * of one long journey running alone.
 */
const PROJECT_ORDER = ['own-process', 'shared'];

/**
 * The longest files, longest first (README "How long the suite takes"): started at the beginning of
 * their project, so none of them starts last, and the journeys that wait (on leases, the emulators,
 * Chromium) run beside the PDF tests that keep the cores busy. On a clean clone vitest has no times
 * of an earlier run and orders by file size, which put `reliability` (the longest) eighth.
 */
const LONGEST_FIRST = [
  'test/integration/import.test.ts',
  'test/integration/reliability.test.ts',
  'test/integration/cycle.test.ts',
  'test/pdf/subtraction.test.ts',
  'test/pdf/subtraction-opted-out.test.ts',
  'test/console/console.test.ts',
  'test/console/defects.test.ts',
];

export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // vitest's own order first (failed, then longest by the last run's times, else largest), then ours; the sort is stable.
    const sorted = await super.sort(files);
    const project = (spec: TestSpecification) => rank(PROJECT_ORDER.indexOf(spec.project.name), PROJECT_ORDER.length);
    const longest = (spec: TestSpecification) => rank(LONGEST_FIRST.indexOf(path.relative(spec.project.config.root, spec.moduleId)), LONGEST_FIRST.length);
    return sorted.sort((a, b) => project(a) - project(b) || longest(a) - longest(b));
  }
}

function rank(index: number, otherwise: number): number {
  return index === -1 ? otherwise : index;
}
