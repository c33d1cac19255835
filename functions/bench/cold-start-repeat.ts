// The bench's cold-start step alone, `n` times in a row (default 5), on one local stack: for
// measuring a change to the run function's bundle without the whole bench. Needs `npm run synth`.
// Usage: node --import tsx functions/bench/cold-start-repeat.ts [n] [bundle …]; with bundles given
// (index.mjs in an asset folder of a cdk.out), each round runs each of them in turn, to compare
// bundles at the same moment of a shared machine's load.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../adapters/config';
import { withLocalStack } from '../cli/local-session';
import { parsePeriod } from '../core/periods';
import { provisionLocalResources } from '../local/provision';
import { coldStart } from './benchmarks';

const times = Number(process.argv[2] ?? 5);
const bundles: (string | undefined)[] = process.argv.length > 3 ? process.argv.slice(3) : [undefined];
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const stackDir = path.join('bench', 'results', 'stack-cold-start');
rmSync(stackDir, { recursive: true, force: true });
await withLocalStack(stackDir, async () => {
  for (let i = 0; i < times; i++) {
    for (const [j, bundle] of bundles.entries()) {
      // A fresh table and bucket each time: the run then finds a period it has not run yet.
      process.env.TABLE_NAME = `bench-cold-start-${i}-${j}`;
      process.env.ARCHIVE_BUCKET = `bench-archive-cold-start-${i}-${j}`;
      await provisionLocalResources({ tableName: process.env.TABLE_NAME, buckets: [process.env.ARCHIVE_BUCKET] });
      const cold = await coldStart(readConfig(), parsePeriod('2026-09'), { imports: false, bundle });
      console.log(JSON.stringify({ bundle: cold.bundle, firstPdfMs: cold.processToFirstPdfMs, importMs: cold.importMs, bundleKB: cold.bundleKB, load: load() }));
    }
  }
});
