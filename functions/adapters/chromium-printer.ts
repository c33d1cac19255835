import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer-core';
import { RapportbodeError } from '../core/errors';
import { rendererProcesses, residentBytes } from './linux-processes';
import { type FinishOptions, finishPdf } from './pdf-finish';
import type { DocumentPart, Printer } from '../usecases/ports';

export class PrintError extends RapportbodeError {}

export type { DocumentPart };

/**
 * Chromium's printer. `print`: margins, page numbers and footer come from the document's CSS
 * (@page). `printPart`: a page that already shows this shell keeps it (fonts, styles,
 * organisation part and its charts loaded and laid out) and only swaps the part: about half of
 * Chromium's work per document.
 */
export interface ReportPrinter extends Printer {
  /** The browser's process id while it runs (for the benchmark's memory figures). */
  readonly pid: number | undefined;
}

const CLOSE_TIMEOUT_MS = 5_000;
const PRINT_TIMEOUT_MS = 60_000;
/**
 * A page is closed and replaced after it has loaded this many documents: Chromium keeps caches per
 * page that grow with every load (measured: 2.1 GB after 48 whole reports on two pages without
 * this). Swapping a part into a loaded shell does not grow them (Chromium stayed at 657 MiB over
 * 342 reports), so those prints do not count; replacing the page would only cost a reload.
 */
const LOADS_PER_PAGE = 10;
/**
 * A page whose renderer process has grown by more than this (resident, since the page was created)
 * is replaced after its print. A renderer of the pool holds ~70 MiB empty and ~150–165 MiB with the
 * shell of 342 municipalities through a whole run, but now and then one grew to ~540 MiB within the
 * first seconds of printing and stayed there until the run ended (4 December): the run's peak memory
 * then missed its goal by half a GiB. A new page gets a new renderer. Measured from the page's start,
 * so a larger shell does not make every print replace its page.
 */
const RENDERER_GROWTH_BOUND = 250 * 1024 * 1024;

/**
 * Launches one headless Chromium for a whole run. Pages come from a small pool; each page runs
 * no JavaScript and may fetch nothing: every request except inline `data:` URLs is aborted.
 * `CHROMIUM_PATH` picks another Chromium (Debian's `chromium` works).
 */
export async function launchPrinter(options: { pages?: number; rendererGrowthBytes?: number } = {}): Promise<ReportPrinter> {
  const browser = await launchBrowser();
  // The blank tab Chromium starts with: its renderer would hold ~65 MiB for nothing. Closed once
  // the pool's first page exists (a browser with no tab left may end).
  const blank = await browser.pages();
  return new ChromiumPrinter(browser, options.pages ?? 2, options.rendererGrowthBytes ?? RENDERER_GROWTH_BOUND, blank);
}

/** Starts the headless Chromium; exported for the benchmark, which compares against bare printing. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || (await chromium.executablePath());
  try {
    return await launchOnce(executablePath);
  } catch {
    // A Chromium that started and closed its pipe at once (seen with three started together on two
    // busy cores) starts on a second try; one that cannot start at all fails again, and says so.
  }
  try {
    return await launchOnce(executablePath);
  } catch (error) {
    throw new PrintError(`Chromium startte niet (${executablePath}); zet CHROMIUM_PATH op een werkende Chromium en probeer het opnieuw`, { cause: error });
  }
}

function launchOnce(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    // --disable-gpu: @sparticuz/chromium starts SwiftShader as a GPU for WebGL; a PDF is drawn by
    // the renderer without it, but each swapped part was also composited for the screen through it.
    // Without it Chromium used 10–13% less CPU per print (interleaved, n = 40–100, with and without
    // --single-process), and the PDFs' page contents, text positions, tags and fonts stayed the same.
    args: [...chromiumArgs(), '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    headless: 'shell',
    // A pipe instead of a websocket: Chromium exits by itself when this process dies.
    pipe: true,
  });
}

/**
 * @sparticuz/chromium's flags are made for Lambda, where one process is all that fits. Elsewhere
 * the pages of the pool get renderer processes of their own, so they print on separate cores.
 */
function chromiumArgs(): string[] {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return chromium.args;
  return chromium.args.filter((arg) => arg !== '--single-process' && arg !== '--no-zygote');
}

/** A printer over a browser that is already running (its other tabs are left alone); closing the printer closes the browser. */
export function printerFor(browser: Browser, pages: number, rendererGrowthBytes = RENDERER_GROWTH_BOUND): ReportPrinter {
  return new ChromiumPrinter(browser, pages, rendererGrowthBytes, []);
}

class ChromiumPrinter implements ReportPrinter {
  private readonly idle: Page[] = [];
  private readonly loads = new WeakMap<Page, number>();
  /** The shell each page shows, for printPart. */
  private readonly shells = new WeakMap<Page, string>();
  private readonly waiting: ((page: Page) => void)[] = [];
  /** The renderer process of each page, where Chromium runs one per page (not with --single-process, as on Lambda). */
  private readonly renderers = new WeakMap<Page, { pid: number; startBytes: number }>();
  /** Pages are created one at a time, so that the renderer that appears is the new page's. */
  private creating: Promise<unknown> = Promise.resolve();
  private created = 0;
  readonly pid: number | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly poolSize: number,
    private readonly rendererGrowthBound: number,
    /** Tabs to close once the pool has a page of its own. */
    private blankTabs: Page[],
  ) {
    this.pid = browser.process()?.pid;
  }

  print(html: string): Promise<Uint8Array> {
    return this.onPage(async (page) => {
      this.shells.delete(page);
      await this.load(page, html);
      const finishing = await withinPrintTimeout(page.evaluate(finishingOf), 'reading the title and footer');
      return finished(await page.pdf(pdfOptions()), finishing);
    });
  }

  printPart(shell: string, part: DocumentPart): Promise<Uint8Array> {
    return this.onPage(async (page) => {
      if (this.shells.get(page) !== shell) {
        this.shells.delete(page);
        await this.load(page, shell);
        this.shells.set(page, shell);
      }
      const swapped = await withinPrintTimeout(page.evaluate(swapPart, part.html, part.title), 'swapping the part');
      // The page held another document's part a moment ago: print only when it shows exactly this one.
      if (swapped === null) throw new Error('the shell has no element with id "document-part"');
      const { shown, finishing } = swapped;
      if (shown.length !== 1 || shown[0] !== part.key) {
        throw new Error(`after the swap the page shows parts [${shown.join(', ')}], expected only "${part.key}"`);
      }
      return finished(await page.pdf(pdfOptions()), finishing);
    });
  }

  /** Runs `work` on a page of the pool; a page that failed is reloaded, one that loaded enough is replaced. */
  private async onPage(work: (page: Page) => Promise<Uint8Array>): Promise<Uint8Array> {
    let page = await this.acquire();
    try {
      return await work(page);
    } catch (error) {
      // Whatever the page shows now is unknown: the next print loads its document afresh.
      this.shells.delete(page);
      throw new PrintError('Chromium kon het rapport niet afdrukken; voer de run opnieuw uit', { cause: error });
    } finally {
      if ((this.loads.get(page) ?? 0) >= LOADS_PER_PAGE || this.rendererTooLarge(page)) {
        await page.close().catch(() => undefined);
        page = await this.newPage();
      }
      this.release(page);
    }
  }

  private async load(page: Page, html: string): Promise<void> {
    this.loads.set(page, (this.loads.get(page) ?? 0) + 1);
    await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
  }

  /** Closes the browser; if that hangs (a known @sparticuz/chromium issue), kills it by pid. */
  async close(): Promise<void> {
    const closed = this.browser.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    );
    const outcome = await Promise.race([closed, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), CLOSE_TIMEOUT_MS).unref())]);
    if (outcome !== 'closed' && this.pid !== undefined) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // Already gone: nothing left to stop.
      }
    }
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return page;
    if (this.created < this.poolSize) {
      this.created++;
      return this.newPage();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private rendererTooLarge(page: Page): boolean {
    const renderer = this.renderers.get(page);
    return renderer !== undefined && residentBytes(renderer.pid) - renderer.startBytes > this.rendererGrowthBound;
  }

  /** A new page of the pool, with the renderer process that came with it. The first one also closes the blank tabs. */
  private newPage(): Promise<Page> {
    const created = this.creating.then(async () => {
      const blank = this.blankTabs;
      this.blankTabs = [];
      const before = this.rendererPids();
      const page = await isolatedPage(this.browser);
      const added = this.rendererPids().filter((pid) => !before.includes(pid));
      // None added: the page shares a renderer Chromium already ran, which is left alone.
      const [pid] = added;
      if (added.length === 1 && pid !== undefined) this.renderers.set(page, { pid, startBytes: residentBytes(pid) });
      for (const tab of blank) await tab.close().catch(() => undefined);
      return page;
    });
    this.creating = created.catch(() => undefined);
    return created;
  }

  /** The browser's renderer processes (none on Lambda's --single-process, or off Linux). */
  private rendererPids(): number[] {
    return this.pid === undefined ? [] : rendererProcesses(this.pid);
  }

  private release(page: Page): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }
}

async function isolatedPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    // The document comes in through setContent; anything it asks for from outside is refused.
    if (request.url().startsWith('data:')) void request.continue();
    else void request.abort('blockedbyclient');
  });
  return page;
}

/** puppeteer's evaluate has no timeout of its own; setContent and pdf have PRINT_TIMEOUT_MS. */
async function withinPrintTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${PRINT_TIMEOUT_MS} ms`)), PRINT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs in the page (through DevTools: the page's own scripts stay disabled). Puts the part into
 * the slot, waits until its images are decoded and the fonts are ready (as `load` would for a
 * whole document), and returns the keys of the parts the page now shows, with what the finished
 * PDF takes from the document. Only its source text reaches the page, so it uses nothing from this
 * module, and no named helpers (the bundler would wrap them in a function the page does not have).
 */
async function swapPart(html: string, title: string): Promise<{ shown: (string | null)[]; finishing: Finishing } | null> {
  const slot = document.getElementById('document-part');
  if (!slot) return null;
  slot.innerHTML = html;
  document.title = title;
  await Promise.all(Array.from(slot.querySelectorAll('img'), (img) => img.decode().catch(() => undefined)));
  await document.fonts.ready;
  return {
    shown: Array.from(document.querySelectorAll('[data-document-part]'), (element) => element.getAttribute('data-document-part')),
    finishing: {
      title: document.title,
      language: document.documentElement.lang,
      footer: document.querySelector('meta[name="rapportbode:footer"]')?.getAttribute('content') ?? null,
      watermark: document.querySelector('meta[name="rapportbode:watermark"]')?.getAttribute('content') ?? null,
    },
  };
}

/** What the finished PDF takes from the document, as the page shows it (runs in the page, like swapPart). */
interface Finishing {
  readonly title: string;
  readonly language: string;
  readonly footer: string | null;
  readonly watermark: string | null;
}

function finishingOf(): Finishing {
  // No named helpers in here: the bundler would wrap them in a function the page does not have.
  return {
    title: document.title,
    language: document.documentElement.lang,
    footer: document.querySelector('meta[name="rapportbode:footer"]')?.getAttribute('content') ?? null,
    watermark: document.querySelector('meta[name="rapportbode:watermark"]')?.getAttribute('content') ?? null,
  };
}

/**
 * Chromium's PDF with XMP metadata, the footer and the watermark as artifacts, written anew with
 * its objects in compressed object streams (adapters/pdf-finish.ts). Measured on the demo report
 * (9 pages): 5.8–7.0 ms of CPU per PDF in this process (1.3–2.1 ms as the incremental update it
 * was), 328 KB → 147 KB, against some 160 ms of Chromium's CPU for swapping and printing it.
 */
function finished(pdf: Uint8Array, { title, language, footer, watermark }: Finishing): Uint8Array {
  const options: FinishOptions = { title, language: language || undefined, footer: footer ?? undefined, watermark: watermark ?? undefined };
  return finishPdf(pdf, options);
}

export function pdfOptions(): PDFOptions {
  return {
    format: 'A4',
    printBackground: true,
    tagged: true,
    outline: true,
    // Margins, page numbers and footer are in the document's @page rules (templates/report.css).
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    timeout: PRINT_TIMEOUT_MS,
  };
}
