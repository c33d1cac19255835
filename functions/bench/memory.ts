import { readFileSync, readdirSync } from 'node:fs';

const PAGE_SIZE = 4096;

/** Resident memory of a process, in bytes (Linux /proc). */
function rssOf(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * PAGE_SIZE;
  } catch {
    return 0;
  }
}

/** A process and all its descendants (Chromium runs a browser, GPU, utility and renderer processes). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces; the fields after its closing parenthesis do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Samples the peak resident memory of this process and of the browser's process tree while
 * something runs. Sampling every 100 ms can miss a short spike; it is a benchmark figure.
 */
export class PeakMemorySampler {
  peakSelf = 0;
  peakBrowser = 0;
  peakTotal = 0;
  private browserPid: number | undefined;
  private browserTree: number[] = [];
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  watchBrowser(pid: number | undefined): void {
    this.browserPid = pid;
    this.browserTree = [];
  }

  sample(): void {
    const self = process.memoryUsage.rss();
    // Walking all of /proc costs about 5 ms; Chromium's processes change rarely, so the tree is
    // looked up again every tenth sample and the memory of the known processes read every time.
    if (this.browserPid && (this.browserTree.length === 0 || this.samples++ % 10 === 0)) this.browserTree = processTree(this.browserPid);
    const browser = this.browserTree.reduce((sum, pid) => sum + rssOf(pid), 0);
    this.peakSelf = Math.max(this.peakSelf, self);
    this.peakBrowser = Math.max(this.peakBrowser, browser);
    this.peakTotal = Math.max(this.peakTotal, self + browser);
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

export const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
