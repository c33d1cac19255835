import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, pdfOptions, printerFor } from '../adapters/chromium-printer';
import { finishPdf } from '../adapters/pdf-finish';
import type { Config } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import { projectRoot } from '../adapters/project-root';
import { ReportRenderer } from '../adapters/report-renderer';
import { SesMailer, composeRawMail } from '../adapters/ses-mailer';
import { sampleFigures, sampleRecipients } from '../local/sample-data';
import { demoOrganisation } from '../local/demo-data';
import type { OrganisationConfig } from '../core/organisation';
import { type Period, monthsEndingWith, periodId } from '../core/periods';
import { HISTORY_MONTHS } from '../core/report-model';
import { runReportDeps } from '../wiring/dependencies';
import { type RunPhase, runReport } from '../usecases/run-report';
import { demoReportModel, syntheticOrganisation } from './demo-model';
import { PeakMemorySampler, mib } from './memory';
import { median, round } from './stats';


/**
 * 1. Render overhead: the per-municipality render as the run does it (its part with its charts,
 * the complete HTML it archives, the PDF printed by swapping the part into the shell the page
 * keeps loaded) against a bare setContent + pdf of the same complete HTML on the same browser;
 * both go round the demo's municipalities, medians after warm-up, interleaved so a slow moment of
 * the machine hits both sides alike. Also one report from scratch (model and organisation part
 * built, the whole document loaded), which a run pays once per page.
 */
export async function renderOverhead(period: Period, repetitions: number) {
  const browser = await launchBrowser();
  const printer = printerFor(browser, 1);
  try {
    const renderer = new ReportRenderer();
    const model = demoReportModel(period);
    const part = model.organisationPart;
    const organisationHtml = renderer.organisationHtml(part);
    const shell = renderer.reportShell(part, organisationHtml);
    const paragraphs = model.paragraphs;
    const completeHtml = paragraphs.map((paragraph) => renderer.reportHtml(part, organisationHtml, paragraph));
    let turn = 0;
    const perMunicipality = async () => {
      const municipalityPart = renderer.municipalityPart(part, paragraphs[turn % paragraphs.length] as (typeof paragraphs)[0]);
      renderer.documentHtml(part, organisationHtml, municipalityPart);
      await printer.printPart(shell, municipalityPart);
    };
    const fromScratch = async () => {
      const fresh = demoReportModel(period);
      const freshOrganisation = renderer.organisationHtml(fresh.organisationPart);
      const first = renderer.municipalityPart(fresh.organisationPart, fresh.paragraphs[0] as (typeof paragraphs)[0]);
      // A run's first report loads the whole document on its page; the swaps come after.
      await printer.print(renderer.documentHtml(fresh.organisationPart, freshOrganisation, first));
    };
    const page = await browser.newPage();
    const bare = async () => {
      await page.setContent(completeHtml[turn % paragraphs.length] as string, { waitUntil: 'load' });
      await page.pdf(pdfOptions());
    };
    const timed = async (work: () => Promise<void>) => {
      const t = performance.now();
      await work();
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++, turn++) {
      await perMunicipality();
      await bare();
    }
    const full: number[] = [];
    const bareTimes: number[] = [];
    const scratch: number[] = [];
    for (let i = 0; i < repetitions; i++, turn++) {
      full.push(await timed(perMunicipality));
      bareTimes.push(await timed(bare));
      // After a whole document the page must load the shell again: paid here, outside the timings.
      scratch.push(await timed(fromScratch));
      await printer.printPart(shell, renderer.municipalityPart(part, paragraphs[0] as (typeof paragraphs)[0]));
    }
    await page.close();
    const fullMs = median(full);
    const bareMs = median(bareTimes);
    return {
      repetitions,
      fullMs: round(fullMs, 1),
      bareMs: round(bareMs, 1),
      ratio: round(fullMs / bareMs, 2),
      fromScratchMs: round(median(scratch), 1),
      htmlKB: round((completeHtml[0]?.length ?? 0) / 1024),
    };
  } finally {
    await printer.close();
  }
}

export interface RunFigures {
  readonly municipalities: number;
  readonly mails: number;
  readonly loadDataMs: number;
  readonly wallMs: number;
  /** Wall time of printing and archiving every PDF: per municipality, against a bare print, the scale goal. */
  readonly renderAndArchiveMs: number;
  readonly phasesMs: Record<RunPhase, number>;
  readonly sendRatePerSecond: number;
  readonly peakRssMiB: { process: number; chromium: number; total: number };
  /** Peak of PSS summed over this process and Chromium's (shared pages counted once). */
  readonly peakPssMiB: number;
  /** At the process's peak: V8's heap used and reserved, and the memory of Buffers. */
  readonly processAtPeakMiB: { heapUsed: number; heapTotal: number; external: number };
  /** CPU time used during the run: this process, Chromium, the emulators (the local stack). */
  readonly cpuMs: { process: number; chromium: number; emulators: number };
  readonly status: string;
}

/**
 * 2 and 3. A whole run on the local stack for an organisation: time per phase and peak memory of
 * the process and of Chromium. Phase times are summed over the pages printed in parallel;
 * `pacing` is the time spent waiting for send slots (SES rate), reported apart.
 */
export async function wholeRun(config: Config, period: Period, organisation: OrganisationConfig): Promise<RunFigures> {
  const loadStart = performance.now();
  await loadOrganisation(config, period, organisation);
  const loadDataMs = performance.now() - loadStart;

  const phases: Record<RunPhase, number> = { load: 0, model: 0, documents: 0, render: 0, archive: 0, send: 0, pacing: 0 };
  const memory = new PeakMemorySampler();
  const base = runReportDeps(config);
  const start = performance.now();
  try {
    const summary = await runReport(
      { period, kind: 'final' },
      {
        ...base,
        onPhase: (phase, ms) => {
          phases[phase] += ms;
        },
        launchPrinter: async () => {
          const printer = await base.launchPrinter();
          memory.watchBrowser(printer.pid);
          return printer;
        },
      },
    );
    const wallMs = performance.now() - start;
    memory.sample();
    const sent = summary.deliveries.filter((d) => d.status === 'sent').length;
    return {
      municipalities: organisation.municipalities.length,
      mails: sent,
      loadDataMs: round(loadDataMs),
      wallMs: round(wallMs),
      renderAndArchiveMs: round(phases.documents),
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v)])) as Record<RunPhase, number>,
      sendRatePerSecond: round(sent / ((phases.send + phases.pacing) / 1000 || 1), 2),
      peakRssMiB: { process: mib(memory.peakSelf), chromium: mib(memory.peakBrowser), total: mib(memory.peakTotal) },
      peakPssMiB: mib(memory.peakTotalPss),
      processAtPeakMiB: { heapUsed: mib(memory.atPeakSelf.heapUsed), heapTotal: mib(memory.atPeakSelf.heapTotal), external: mib(memory.atPeakSelf.external) },
      cpuMs: cpuFigures(memory),
      status: summary.status,
    };
  } finally {
    memory.stop();
  }
}

function cpuFigures(memory: PeakMemorySampler) {
  const cpu = memory.cpuMs();
  return { process: round(cpu.self), chromium: round(cpu.browser), emulators: round(cpu.others) };
}

/**
 * The bare print of the whole report of an organisation, for the scale figure's ratio: a fresh
 * browser, one page, `setContent` + `pdf` of complete documents (no finishing, no archive), the
 * median of `repetitions` after one warm-up. Measured beside each scale run, so both see the same
 * machine.
 */
export async function barePrint(period: Period, size: number, repetitions: number): Promise<number> {
  const renderer = new ReportRenderer();
  const model = demoReportModel(period, syntheticOrganisation(size));
  const part = model.organisationPart;
  const organisationHtml = renderer.organisationHtml(part);
  const documents = model.paragraphs.slice(0, repetitions + 1).map((paragraph) => renderer.reportHtml(part, organisationHtml, paragraph));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    const times: number[] = [];
    for (const [i, html] of documents.entries()) {
      const t = performance.now();
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf(pdfOptions());
      if (i > 0) times.push(performance.now() - t);
    }
    return round(median(times), 1);
  } finally {
    await browser.close();
  }
}

/**
 * Where a report's time goes, step by step on one page, one step at a time (medians over the demo's
 * municipalities, after a warm-up): in this process the model, the municipality's part (its HTML
 * and charts), the complete HTML the run archives, the finishing; in Chromium the swap of the part
 * into the loaded shell, the PDF of the shell alone (the organisation part, once per run would do)
 * and of the shell with the part. Also the PDF's size as Chromium writes it and finished. Wall
 * times, but the finishing as this process's CPU time.
 */
export async function profileReport(period: Period, repetitions: number) {
  const timed = async <T>(times: number[], work: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    times.push(performance.now() - t);
    return result;
  };
  const steps = { model: [] as number[], part: [] as number[], completeHtml: [] as number[], swap: [] as number[], pdf: [] as number[], shellPdf: [] as number[], finish: [] as number[] };
  const model = await timed(steps.model, () => demoReportModel(period));
  const renderer = new ReportRenderer();
  const part = model.organisationPart;
  const organisationHtml = renderer.organisationHtml(part);
  const shell = renderer.reportShell(part, organisationHtml);
  const browser: Browser = await launchBrowser();
  const sizes = { chromiumKB: 0, finishedKB: 0 };
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setContent(shell, { waitUntil: 'load' });
    for (let i = 0; i < repetitions + 2; i++) {
      const paragraph = model.paragraphs[i % model.paragraphs.length] as (typeof model.paragraphs)[0];
      const warm = i < 2;
      const sink = (times: number[]) => (warm ? [] : times);
      const documentPart = await timed(sink(steps.part), () => renderer.municipalityPart(part, paragraph));
      await timed(sink(steps.completeHtml), () => renderer.documentHtml(part, organisationHtml, documentPart));
      await timed(sink(steps.shellPdf), async () => {
        await page.evaluate(() => {
          (document.getElementById('document-part') as HTMLElement).innerHTML = '';
        });
        await page.pdf(pdfOptions());
      });
      await timed(sink(steps.swap), () =>
        page.evaluate(async (html: string) => {
          (document.getElementById('document-part') as HTMLElement).innerHTML = html;
          await document.fonts.ready;
        }, documentPart.html),
      );
      const raw = await timed(sink(steps.pdf), () => page.pdf(pdfOptions()));
      // The finishing step in CPU time: it is short enough that on a loaded machine its wall time
      // is mostly waiting for a core (measured: 1.3 ms of CPU in 14.5 ms of wall at load 23).
      const cpu = process.cpuUsage();
      const finished = finishPdf(raw, { title: documentPart.title, language: 'nl', footer: `${part.organisation} · ${part.periodLabel}` });
      const used = process.cpuUsage(cpu);
      sink(steps.finish).push((used.user + used.system) / 1000);
      sizes.chromiumKB = round(raw.length / 1024);
      sizes.finishedKB = round(finished.length / 1024);
    }
  } finally {
    await browser.close();
  }
  const ms = Object.fromEntries(Object.entries(steps).map(([step, times]) => [step, round(median(times), 1)])) as Record<keyof typeof steps, number>;
  return { repetitions, ms, ...sizes };
}

/** The organisation, its recipients and generated figures for the period, in the config's table. */
async function loadOrganisation(config: Config, period: Period, organisation: OrganisationConfig): Promise<void> {
  const store = new OrganisationStore(config.TABLE_NAME);
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  await store.applyOrganisation(organisation, null, { at: new Date().toISOString(), by: 'bench' });
  await store.putRecipients(sampleRecipients(organisation));
  await store.putFigures(sampleFigures(organisation, months));
}

/**
 * 4. Send throughput: messages per second through the SES mailer against the SES emulator at a
 * configured rate, as a fraction of that rate (it must stay at or just under 1).
 */
export async function sendThroughput(ratePerSecond: number, messages: number) {
  const mailer = new SesMailer({ maxPerSecond: ratePerSecond });
  const raw = await composeRawMail({
    from: 'bench@organisatie.example',
    to: ['ab-lid-1@gemeente.example'],
    cc: [],
    subject: 'Benchmark',
    text: 'Benchmark',
    html: '<p>Benchmark</p>',
    messageId: '<bench@rapportbode>',
    attachments: [],
  });
  const sentAt: number[] = [];
  for (let i = 0; i < messages; i++) {
    await mailer.pace();
    await mailer.send(raw);
    sentAt.push(performance.now());
  }
  const first = sentAt[0] as number;
  const last = sentAt.at(-1) as number;
  const achieved = (messages - 1) / ((last - first) / 1000);
  return { configuredPerSecond: ratePerSecond, messages, achievedPerSecond: round(achieved, 2), fraction: round(achieved / ratePerSecond, 3) };
}

export interface ColdStart {
  /** The bundle measured (cdk.out/asset.…/index.mjs), or null when `npm run synth` has not made one. */
  readonly bundle: string | null;
  readonly processToFirstPdfMs: number;
  /** Process start until the bundle is imported: what Lambda's init phase runs. */
  readonly importMs: number;
  readonly processToRunDoneMs: number;
  readonly bundleKB: number;
  /** Packages in the bundle, each imported alone in a fresh process from node_modules, dearest first. */
  readonly imports: readonly { name: string; ms: number }[];
}

/**
 * 6. Cold start of the bundled run function (cdk.out, as `npm run synth` leaves it), in a fresh
 * process with plain `node`: process start → first PDF of a final run for an organisation of one
 * municipality on the local stack, browser launch included (functions/bench/cold-start.ts).
 * The run handler reads its table and bucket from the environment, as in Lambda.
 */
export async function coldStart(config: Config, period: Period, options: { imports: boolean; bundle?: string } = { imports: true }): Promise<ColdStart> {
  const bundle = options.bundle ?? runFunctionBundle();
  if (bundle === null) return { bundle, processToFirstPdfMs: 0, importMs: 0, processToRunDoneMs: 0, bundleKB: 0, imports: [] };
  await loadOrganisation(config, period, syntheticOrganisation(1));
  const script = path.join(projectRoot(), 'functions', 'bench', 'cold-start.ts');
  const output = await inFreshProcess([script, bundle, periodId(period)]);
  const line = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { importedMs: number; firstPdfMs: number | null; runDoneMs: number; status: string };
  if (line.firstPdfMs === null) throw new Error(`the cold-start run printed no PDF (status ${line.status})`);
  return {
    bundle: path.relative(process.cwd(), bundle),
    processToFirstPdfMs: round(line.firstPdfMs),
    importMs: round(line.importedMs),
    processToRunDoneMs: round(line.runDoneMs),
    bundleKB: round(statSync(bundle).size / 1024),
    imports: options.imports ? await importCosts(bundle) : [],
  };
}

/** The run function's bundle: the asset in cdk.out whose handler takes the run event. */
function runFunctionBundle(): string | null {
  const out = path.resolve('cdk.out');
  if (!existsSync(out)) return null;
  for (const entry of readdirSync(out)) {
    const file = path.join(out, entry, 'index.mjs');
    if (entry.startsWith('asset.') && existsSync(file) && readFileSync(file, 'latin1').includes('give scheduledTime or period')) return file;
  }
  return null;
}

async function inFreshProcess(args: readonly string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    // process.execPath: the Node the bench runs on (24, as Lambda's runtime), which strips the types of cold-start.ts.
    const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[0] ?? '')} exited with ${code}`))));
  });
}

/** The project's dependencies that are in the bundle (its source map names them), each imported alone in a fresh process. */
async function importCosts(bundle: string): Promise<{ name: string; ms: number }[]> {
  const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources.join('\n');
  const dependencies = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  const bundled = dependencies.filter((name) => sources.includes(`node_modules/${name}/`) && name !== 'tsx' && !name.startsWith('@fontsource/'));
  const costs = [];
  for (const name of bundled) {
    const output = await inFreshProcess(['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - t);`]);
    costs.push({ name, ms: round(Number(output.trim())) });
  }
  return costs.sort((a, b) => b.ms - a.ms);
}

export { demoOrganisation };
