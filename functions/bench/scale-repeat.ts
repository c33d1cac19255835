// The bench's scale step alone (the bare print before and after, the whole run between), `n` times
// on one local stack, one JSON line per run: for measuring a change to printing or archiving
// without the whole bench, interleaved with the code before it (run this file of each tree in turn).
// Also samples each Chromium renderer's RSS every second, to see when one grows.
// Usage: node --import tsx functions/bench/scale-repeat.ts [n] [size]
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../adapters/config';
import { rendererProcesses, residentBytes } from '../adapters/linux-processes';
import { withLocalStack } from '../cli/local-session';
import { parsePeriod } from '../core/periods';
import { provisionLocalResources } from '../local/provision';
import { barePrint, wholeRun } from './benchmarks';
import { syntheticOrganisation } from './demo-model';

const times = Number(process.argv[2] ?? 1);
const size = Number(process.argv[3] ?? 342);
const period = parsePeriod('2026-09');
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const MIB = 1024 * 1024;

/** Chromium's renderer processes among this process's descendants, with their RSS in MiB. */
function renderers(): Map<number, number> {
  return new Map(rendererProcesses(process.pid).map((pid) => [pid, Math.round(residentBytes(pid) / MIB)]));
}

const stackDir = path.join('bench', 'results', 'stack-scale');
rmSync(stackDir, { recursive: true, force: true });
await withLocalStack(stackDir, async () => {
  for (let i = 0; i < times; i++) {
    process.env.TABLE_NAME = `bench-scale-${i}`;
    process.env.ARCHIVE_BUCKET = `bench-archive-scale-${i}`;
    await provisionLocalResources({ tableName: process.env.TABLE_NAME, buckets: [process.env.ARCHIVE_BUCKET] });
    const loadBefore = load();
    const bareBefore = await barePrint(period, size, 5);
    process.env.MAX_SEND_RATE = '1000';
    const peaks = new Map<number, { peak: number; at: number; seen: number }>();
    const start = performance.now();
    const timeline: string[] = [];
    const timer = setInterval(() => {
      const s = Math.round((performance.now() - start) / 1000);
      if (process.env.SCALE_TIMELINE) {
        const m = process.memoryUsage();
        timeline.push(`${s}s rss ${Math.round(m.rss / MIB)} heap ${Math.round(m.heapUsed / MIB)}/${Math.round(m.heapTotal / MIB)} ext ${Math.round(m.external / MIB)} renderers ${[...renderers().values()].join('+')}`);
      }
      for (const [pid, rss] of renderers()) {
        const known = peaks.get(pid) ?? { peak: 0, at: s, seen: s };
        if (rss > known.peak) peaks.set(pid, { peak: rss, at: s, seen: known.seen });
      }
    }, 1000);
    const run = await wholeRun(readConfig(), period, syntheticOrganisation(size));
    clearInterval(timer);
    if (process.env.SCALE_TIMELINE) console.error(timeline.join('\n'));
    const bareAfter = await barePrint(period, size, 5);
    const perMunicipalityMs = run.renderAndArchiveMs / run.municipalities;
    const bareMs = (bareBefore + bareAfter) / 2;
    console.log(
      JSON.stringify({
        tree: path.basename(process.cwd()),
        ratio: Math.round((perMunicipalityMs / bareMs) * 100) / 100,
        perMunicipalityMs: Math.round(perMunicipalityMs),
        bareBefore,
        bareAfter,
        printAndArchiveS: Math.round(run.renderAndArchiveMs / 100) / 10,
        peakPssMiB: run.peakPssMiB,
        peakRss: run.peakRssMiB,
        processAtPeakMiB: run.processAtPeakMiB,
        cpuPerMunicipality: Object.fromEntries(Object.entries(run.cpuMs).map(([k, v]) => [k, Math.round(v / run.municipalities)])),
        // Each renderer seen during the run: its peak RSS (MiB), when it was reached and when it was first seen (s into the run).
        renderers: [...peaks.values()],
        load: [loadBefore, load()],
        status: run.status,
      }),
    );
  }
});
