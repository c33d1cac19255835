import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type Period, parsePeriod } from '../../core/periods';
import { withLocalStack } from '../local-session';
import { formatTable } from '../table';

function sizes(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new InvalidArgumentError(`"${value}" zijn geen hele getallen van 1 tot en met 1000, gescheiden door komma's (bijvoorbeeld 50,150,342)`);
  }
  return list;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is geen heel getal groter dan 0`);
  return n;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('meet de prestaties voor ontwikkelaars: de extra tijd van het opmaken, een hele run, schaal, verzendtempo en koude start; drukt een tabel af (in het Engels) en schrijft JSON naar bench/results/')
    .option('--schaal <aantallen>', 'organisatiegroottes (aantal gemeenten) voor de schaalmeting, bijvoorbeeld 50,150,342', sizes, [50])
    .option('--herhalingen <n>', 'herhalingen voor de verhouding van de opmaaktijd (na 3 keer opwarmen)', positive, 10)
    .option('--verzendtempo <n>', 'de MaxSendRate (per seconde) voor de meting van het verzendtempo', positive, 14)
    .option('--map <map>', 'de werkmap van de benchmarkomgeving', '.rapportbode/bench')
    .action(async (o: { schaal: number[]; herhalingen: number; verzendtempo: number; map: string }) => {
      await bench({ scale: o.schaal, reps: o.herhalingen, sendRate: o.verzendtempo, dir: o.map, period: parsePeriod('2026-09') });
    });
}

/** The goals of issue 26: a figure that misses its goal is marked in the table. */
const GOALS = { pdfKB: 200, overheadRatio: 1.5, scaleRatio: 0.5, scalePeakMiB: 1024, coldStartMs: 1500, sendFraction: [0.95, 1] } as const;
const SCALE_GOAL_SIZE = 342;

const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function bench(options: { scale: number[]; reps: number; sendRate: number; dir: string; period: Period }): Promise<void> {
  const stackDir = path.join(options.dir, 'stack');
  rmSync(stackDir, { recursive: true, force: true });
  const loadAtStart = load();
  const stackStart = performance.now();
  await withLocalStack(stackDir, async () => {
    const stackStartMs = Math.round(performance.now() - stackStart);
    const { readConfig } = await import('../../adapters/config');
    const { provisionLocalResources } = await import('../../local/provision');
    const { barePrint, coldStart, profileReport, renderOverhead, sendThroughput, wholeRun, demoOrganisation } = await import('../../bench/benchmarks');
    const { syntheticOrganisation } = await import('../../bench/demo-model');

    const onFreshTable = async (name: string) => {
      process.env.TABLE_NAME = `bench-${name}`;
      process.env.ARCHIVE_BUCKET = `bench-archive-${name}`;
      await provisionLocalResources({ tableName: process.env.TABLE_NAME, buckets: [process.env.ARCHIVE_BUCKET] });
      return readConfig();
    };

    // The scale runs first: this process's memory then holds only what the run needs, not what
    // the profile and overhead steps left on its heap (the process's peak counts toward the goal).
    const scale = [];
    for (const size of options.scale) {
      console.log(`1/6 schaal: ${size} gemeenten…`);
      // The bare print beside the run, before and after it: the ratio compares figures of one moment.
      const bareBefore = await barePrint(options.period, size, 5);
      // Sends unpaced here: this measures render and archive, the pacing is item 5.
      process.env.MAX_SEND_RATE = '1000';
      const run = await wholeRun(await onFreshTable(`scale-${size}`), options.period, syntheticOrganisation(size));
      const bareAfter = await barePrint(options.period, size, 5);
      const bareMs = (bareBefore + bareAfter) / 2;
      const perMunicipalityMs = run.renderAndArchiveMs / run.municipalities;
      scale.push({ ...run, bareBeforeMs: bareBefore, bareAfterMs: bareAfter, perMunicipalityMs: Math.round(perMunicipalityMs), ratio: Math.round((perMunicipalityMs / bareMs) * 100) / 100, load: load() });
    }
    console.log('2/6 waar de tijd van een rapport heen gaat…');
    const profile = await profileReport(options.period, options.reps);
    console.log('3/6 extra tijd van het opmaken…');
    const overhead = await renderOverhead(options.period, options.reps);
    console.log('4/6 een hele demorun…');
    // Pacing at the emulator's MaxSendRate (14/s): the sends take what they take in AWS, reported apart.
    process.env.MAX_SEND_RATE = String(options.sendRate);
    const demoRun = await wholeRun(await onFreshTable('demo'), options.period, demoOrganisation());
    console.log('5/6 verzendtempo…');
    const send = await sendThroughput(options.sendRate, options.sendRate * 5);
    console.log('6/6 koude start…');
    process.env.MAX_SEND_RATE = String(options.sendRate);
    const cold = await coldStart(await onFreshTable('cold-start'), options.period);

    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
    const loadAvg = { atStart: loadAtStart, atEnd: load() };
    const results = { takenAt: new Date().toISOString(), machine, loadAvg, stackStartMs, profile, overhead, demoRun, scale, send, cold };

    console.log(`\n## rapportbode benchmark (${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average 1/5/15 min: ${loadAvg.atStart} at the start, ${loadAvg.atEnd} at the end)\n`);
    const p = profile.ms;
    console.log(
      formatTable(
        ['figure', 'value', 'goal', ''],
        [
          ['PDF size, demo report (finished)', `${profile.finishedKB} KB (as Chromium writes it: ${profile.chromiumKB} KB)`, `≤ ${GOALS.pdfKB} KB`, mark(profile.finishedKB <= GOALS.pdfKB)],
          ['finishing step per PDF, CPU (XMP, footer, outline, object streams)', `${p.finish} ms`, '', ''],
          [`one report step by step (medians, n=${profile.repetitions}): model (once per run)`, `${p.model} ms`, '', ''],
          ['  this process: municipality part (HTML, charts) / complete HTML to archive / finishing (CPU)', `${p.part} / ${p.completeHtml} / ${p.finish} ms`, '', ''],
          ['  Chromium: swap the part in / PDF of shell + part / PDF of the shell alone', `${p.swap} / ${p.pdf} / ${p.shellPdf} ms`, '', ''],
          ['render overhead ratio (median per municipality / bare print)', `${overhead.ratio}× (${overhead.fullMs} ms / ${overhead.bareMs} ms, n=${overhead.repetitions})`, `≤ ${GOALS.overheadRatio}×`, mark(overhead.ratio <= GOALS.overheadRatio)],
          ['  one report from scratch (model and organisation charts included)', `${overhead.fromScratchMs} ms`, '', ''],
          ['stack start', `${stackStartMs} ms`, '', ''],
          ['demo run wall (8 municipalities, 7 mails)', `${demoRun.wallMs} ms`, '', ''],
          ['  of which print + archive (wall)', `${demoRun.renderAndArchiveMs} ms`, '', ''],
          ['  phases (summed): load / model / render / archive / send / pacing', `${(['load', 'model', 'render', 'archive', 'send', 'pacing'] as const).map((ph) => demoRun.phasesMs[ph]).join(' / ')} ms`, '', ''],
          ['  peak RSS process / Chromium', `${demoRun.peakRssMiB.process} / ${demoRun.peakRssMiB.chromium} MiB`, '', ''],
          ...scale.flatMap((s) => {
            const goal = s.municipalities === SCALE_GOAL_SIZE;
            const perMunicipality = (ms: number) => Math.round(ms / s.municipalities);
            return [
              [
                `scale ${s.municipalities}: print + archive per municipality / bare print (same run)`,
                `${s.ratio}× (${s.perMunicipalityMs} ms / ${((s.bareBeforeMs + s.bareAfterMs) / 2).toFixed(0)} ms; bare before ${s.bareBeforeMs}, after ${s.bareAfterMs} ms; load ${s.load})`,
                goal ? `≤ ${GOALS.scaleRatio}×` : '',
                goal ? mark(s.ratio <= GOALS.scaleRatio) : '',
              ],
              // The goal is judged on PSS: summed RSS counts Chromium's shared binary and memory once per process.
              [`scale ${s.municipalities}: peak memory (PSS) process + Chromium`, `${s.peakPssMiB} MiB`, goal ? `≤ ${GOALS.scalePeakMiB} MiB` : '', goal ? mark(s.peakPssMiB <= GOALS.scalePeakMiB) : ''],
              [`scale ${s.municipalities}: peak RSS process + Chromium (shared pages counted per process)`, `${s.peakRssMiB.total} MiB (${s.peakRssMiB.process} + ${s.peakRssMiB.chromium}; at the process's peak V8 heap ${s.processAtPeakMiB.heapUsed} used of ${s.processAtPeakMiB.heapTotal}, Buffers ${s.processAtPeakMiB.external} MiB)`, '', ''],
              [`scale ${s.municipalities}: print + archive (wall); CPU per municipality: process / Chromium / emulators`, `${(s.renderAndArchiveMs / 1000).toFixed(1)} s; ${perMunicipality(s.cpuMs.process)} / ${perMunicipality(s.cpuMs.chromium)} / ${perMunicipality(s.cpuMs.emulators)} ms`, '', ''],
            ];
          }),
          ['send throughput', `${send.achievedPerSecond}/s of ${send.configuredPerSecond}/s = ${(send.fraction * 100).toFixed(1)}%`, '≥ 95%, ≤ 100%', mark(send.fraction >= GOALS.sendFraction[0] && send.fraction <= GOALS.sendFraction[1])],
          ...coldStartRows(cold),
        ],
      ),
    );
    const out = path.resolve('bench/results');
    mkdirSync(out, { recursive: true });
    const json = JSON.stringify(results, null, 2);
    writeFileSync(path.join(out, `${results.takenAt.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(path.join(out, 'latest.json'), json);
    console.log(`\nJSON: ${path.join(out, 'latest.json')}`);
  });
}

function coldStartRows(cold: Awaited<ReturnType<typeof import('../../bench/benchmarks').coldStart>>): string[][] {
  if (cold.bundle === null) return [['cold start: process start → first PDF (bundled run function)', 'no bundle in cdk.out: run `npm run synth` first', `≤ ${GOALS.coldStartMs} ms`, 'MISSED']];
  return [
    [
      'cold start: process start → first PDF (bundled run function, one municipality)',
      `${cold.processToFirstPdfMs} ms (bundle of ${cold.bundleKB} KB imported at ${cold.importMs} ms; the one-municipality run done at ${cold.processToRunDoneMs} ms)`,
      `≤ ${GOALS.coldStartMs} ms`,
      mark(cold.processToFirstPdfMs <= GOALS.coldStartMs),
    ],
    ['  the imports that cost most (each alone, in a fresh process)', cold.imports.slice(0, 6).map((i) => `${i.name} ${i.ms} ms`).join(', '), '', ''],
  ];
}
