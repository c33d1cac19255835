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

async function bench(options: { scale: number[]; reps: number; sendRate: number; dir: string; period: Period }): Promise<void> {
  const stackDir = path.join(options.dir, 'stack');
  rmSync(stackDir, { recursive: true, force: true });
  const stackStart = performance.now();
  await withLocalStack(stackDir, async () => {
    const stackStartMs = Math.round(performance.now() - stackStart);
    const { readConfig } = await import('../../adapters/config');
    const { provisionLocalResources } = await import('../../local/provision');
    const { coldStart, renderOverhead, sendThroughput, wholeRun, demoOrganisation } = await import('../../bench/benchmarks');
    const { syntheticOrganisation } = await import('../../bench/demo-model');

    const onFreshTable = async (name: string) => {
      process.env.TABLE_NAME = `bench-${name}`;
      process.env.ARCHIVE_BUCKET = `bench-archive-${name}`;
      await provisionLocalResources({ tableName: process.env.TABLE_NAME, buckets: [process.env.ARCHIVE_BUCKET] });
      return readConfig();
    };

    console.log('1/5 extra tijd van het opmaken…');
    const overhead = await renderOverhead(options.period, options.reps);
    console.log('2/5 een hele demorun…');
    // Pacing at the emulator's MaxSendRate (14/s): the sends take what they take in AWS, reported apart.
    process.env.MAX_SEND_RATE = String(options.sendRate);
    const demoRun = await wholeRun(await onFreshTable('demo'), options.period, demoOrganisation());
    const scale = [];
    for (const size of options.scale) {
      console.log(`3/5 schaal: ${size} gemeenten…`);
      // Sends unpaced here: this measures render and archive, the pacing is item 4.
      process.env.MAX_SEND_RATE = '1000';
      scale.push(await wholeRun(await onFreshTable(`scale-${size}`), options.period, syntheticOrganisation(size)));
    }
    console.log('4/5 verzendtempo…');
    const send = await sendThroughput(options.sendRate, options.sendRate * 5);
    console.log('5/5 koude start…');
    const cold = await coldStart();

    const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
    const results = { takenAt: new Date().toISOString(), machine, stackStartMs, overhead, demoRun, scale, send, cold };

    console.log(`\n## rapportbode benchmark (${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node})\n`);
    console.log(
      formatTable(
        ['figure', 'value', 'target'],
        [
          ['render overhead ratio (median per municipality / bare print)', `${overhead.ratio}× (${overhead.fullMs} ms / ${overhead.bareMs} ms, n=${overhead.repetitions})`, '≤ 1.5×'],
          ['  one report from scratch (model and organisation charts included)', `${overhead.fromScratchMs} ms`, ''],
          ['stack start', `${stackStartMs} ms`, ''],
          ['demo run wall (8 municipalities, 7 mails)', `${demoRun.wallMs} ms`, ''],
          ['  of which print + archive (wall)', `${demoRun.renderAndArchiveMs} ms`, ''],
          ['  phases (summed): load / model / render / archive / send / pacing', `${(['load', 'model', 'render', 'archive', 'send', 'pacing'] as const).map((p) => demoRun.phasesMs[p]).join(' / ')} ms`, ''],
          ['  peak RSS process / Chromium', `${demoRun.peakRssMiB.process} / ${demoRun.peakRssMiB.chromium} MiB`, ''],
          ...scale.map((s) => [
            `scale ${s.municipalities}: print + archive (wall), peak RSS total`,
            `${(s.renderAndArchiveMs / 1000).toFixed(1)} s, ${s.peakRssMiB.total} MiB (${(s.renderAndArchiveMs / s.municipalities).toFixed(0)} ms per municipality)`,
            s.municipalities >= 342 ? '≤ 60 s, ≤ 1536 MiB' : '',
          ]),
          ['send throughput', `${send.achievedPerSecond}/s of ${send.configuredPerSecond}/s = ${(send.fraction * 100).toFixed(1)}%`, '≥ 95%, ≤ 100%'],
          ['cold start: process start → first PDF', `${cold.processToFirstPdfMs} ms (imports ${cold.importMs} ms, browser launch ${cold.browserLaunchMs} ms)`, ''],
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
