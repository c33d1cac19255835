import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { processTree, residentBytes } from '../adapters/linux-processes';

/**
 * Proportional set size of a process, in bytes: its private pages plus its share of the pages it
 * shares with others. Summed over Chromium's processes it counts the browser binary, its shared
 * libraries and shared memory once, as the kernel (and Lambda's memory limit) does; summed RSS
 * counts them once per process (7 processes: 513 MiB RSS against 209 MiB PSS for two loaded pages).
 */
async function pssOf(pid: number): Promise<number> {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** PSS is read every this many samples (2 s): one read walks a process's page tables, ~16 ms for Chromium's browser. */
const PSS_EVERY = 20;

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, in ms; 0 when it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Samples the peak resident memory of this process and of the browser's process tree while
 * something runs, and the CPU time each used since the start: this process, Chromium's processes,
 * and the other children of this process (the local stack's emulators). Sampling every 100 ms can
 * miss a short spike, and the CPU of a renderer that ended between two samples; it is a benchmark figure.
 */
export class PeakMemorySampler {
  peakSelf = 0;
  peakBrowser = 0;
  peakTotal = 0;
  /** Peak of PSS summed over this process and Chromium's: the memory the run occupies. */
  peakTotalPss = 0;
  private readingPss = false;
  /** This process's memory at its peak: V8's heap, and Buffers outside it (PDFs, sockets). */
  atPeakSelf: { heapUsed: number; heapTotal: number; external: number } = { heapUsed: 0, heapTotal: 0, external: 0 };
  private browserPid: number | undefined;
  private browserTree: number[] = [];
  private others: number[] = [];
  private samples = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly selfCpuAtStart = process.cpuUsage();
  /** The CPU time last seen per process, and at the start for the processes already running. */
  private readonly cpuSeen = new Map<number, { group: 'browser' | 'other'; ms: number }>();
  private readonly cpuAtStart = new Map<number, number>();

  constructor(intervalMs = 100) {
    for (const pid of processTree(process.pid).slice(1)) this.cpuAtStart.set(pid, cpuMsOf(pid));
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private async samplePss(): Promise<void> {
    this.readingPss = true;
    const sizes = await Promise.all([process.pid, ...this.browserTree].map(pssOf));
    this.peakTotalPss = Math.max(this.peakTotalPss, sizes.reduce((sum, size) => sum + size, 0));
    this.readingPss = false;
  }

  watchBrowser(pid: number | undefined): void {
    this.browserPid = pid;
    this.browserTree = [];
  }

  sample(): void {
    const self = process.memoryUsage.rss();
    // Walking all of /proc costs about 5 ms; Chromium's processes change rarely, so the tree is
    // looked up again every tenth sample and the memory of the known processes read every time.
    if (this.samples++ % 10 === 0 || (this.browserPid && this.browserTree.length === 0)) {
      const tree = processTree(process.pid).slice(1);
      this.browserTree = this.browserPid ? processTree(this.browserPid) : [];
      const browser = new Set(this.browserTree);
      this.others = tree.filter((pid) => !browser.has(pid));
    }
    const browser = this.browserTree.reduce((sum, pid) => sum + residentBytes(pid), 0);
    if (self > this.peakSelf) {
      const { heapUsed, heapTotal, external } = process.memoryUsage();
      this.atPeakSelf = { heapUsed, heapTotal, external };
    }
    this.peakSelf = Math.max(this.peakSelf, self);
    this.peakBrowser = Math.max(this.peakBrowser, browser);
    this.peakTotal = Math.max(this.peakTotal, self + browser);
    // Read off the event loop, and seldom: read every 100 ms, it slowed the 342 run 2.3 times.
    if (this.samples % PSS_EVERY === 1 && !this.readingPss) void this.samplePss();
    for (const [group, pids] of [['browser', this.browserTree], ['other', this.others]] as const) {
      for (const pid of pids) {
        const ms = cpuMsOf(pid);
        if (ms > 0) this.cpuSeen.set(pid, { group, ms });
      }
    }
  }

  /** CPU ms used since the start: this process, Chromium, and the other child processes. */
  cpuMs(): { self: number; browser: number; others: number } {
    const used = process.cpuUsage(this.selfCpuAtStart);
    const totals = { browser: 0, other: 0 };
    for (const [pid, { group, ms }] of this.cpuSeen) totals[group] += ms - (this.cpuAtStart.get(pid) ?? 0);
    return { self: (used.user + used.system) / 1000, browser: totals.browser, others: totals.other };
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
