import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchBrowser, pdfOptions, printerFor } from '../adapters/chromium-printer';
import type { Config } from '../adapters/config';
import { OrganisationStore } from '../adapters/organisation-store';
import { projectRoot } from '../adapters/project-root';
import { ReportRenderer } from '../adapters/report-renderer';
import { SesMailer, composeRawMail } from '../adapters/ses-mailer';
import { sampleFigures, sampleRecipients } from '../local/sample-data';
import { demoOrganisation } from '../local/demo-data';
import type { OrganisationConfig } from '../core/organisation';
import { type Period, monthsEndingWith } from '../core/periods';
import { HISTORY_MONTHS } from '../core/report-model';
import { runReportDeps } from '../usecases/dependencies';
import { type RunPhase, runReport } from '../usecases/run-report';
import { demoReportModel } from './demo-model';
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
  /** Wall time of printing and archiving every PDF: what the ≤ 60 s target is about. */
  readonly renderAndArchiveMs: number;
  readonly phasesMs: Record<RunPhase, number>;
  readonly sendRatePerSecond: number;
  readonly peakRssMiB: { process: number; chromium: number; total: number };
  readonly status: string;
}

/**
 * 2 and 3. A whole run on the local stack for an organisation: time per phase and peak memory of
 * the process and of Chromium. Phase times are summed over the pages printed in parallel;
 * `pacing` is the time spent waiting for send slots (SES rate), reported apart.
 */
export async function wholeRun(config: Config, period: Period, organisation: OrganisationConfig): Promise<RunFigures> {
  const store = new OrganisationStore(config.TABLE_NAME);
  const loadStart = performance.now();
  const months = monthsEndingWith(period, HISTORY_MONTHS);
  await store.applyOrganisation(organisation, null, { at: new Date().toISOString(), by: 'bench' });
  await store.putRecipients(sampleRecipients(organisation));
  await store.putFigures(sampleFigures(organisation, months));
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
      status: summary.status,
    };
  } finally {
    memory.stop();
  }
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

/** 5. Cold start, measured in a fresh process: start to first PDF, browser launch included. */
export async function coldStart(): Promise<{ processToFirstPdfMs: number; importMs: number; browserLaunchMs: number; spawnToFirstPdfMs: number }> {
  const script = path.join(projectRoot(), 'functions', 'bench', 'cold-start.ts');
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(path.dirname(script), '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cold-start process exited with ${code}`))));
  });
  const spawnToFirstPdfMs = performance.now() - started;
  const line = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { importMs: number; launchMs: number; firstPdfMs: number };
  return {
    processToFirstPdfMs: round(line.firstPdfMs),
    importMs: round(line.importMs),
    browserLaunchMs: round(line.launchMs),
    spawnToFirstPdfMs: round(spawnToFirstPdfMs),
  };
}

export { demoOrganisation };
