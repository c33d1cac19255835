import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer-core';
import { RapportbodeError } from '../core/errors';

export class PrintError extends RapportbodeError {}

export interface ReportPrinter {
  /** Prints a complete document; margins, page numbers and footer come from its CSS (@page). */
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
  /** The browser's process id while it runs (for the benchmark's memory figures). */
  readonly pid: number | undefined;
}

const CLOSE_TIMEOUT_MS = 5_000;
const PRINT_TIMEOUT_MS = 60_000;
/**
 * A page is closed and replaced after this many documents: Chromium keeps caches per page that
 * grow with every document (measured: 2.1 GB after 48 reports on two pages without this).
 */
const PRINTS_PER_PAGE = 10;

/**
 * Launches one headless Chromium for a whole run. Pages come from a small pool; each page runs
 * no JavaScript and may fetch nothing: every request except inline `data:` URLs is aborted.
 * `CHROMIUM_PATH` picks another Chromium (Debian's `chromium` works).
 */
export async function launchPrinter(options: { pages?: number } = {}): Promise<ReportPrinter> {
  return printerFor(await launchBrowser(), options.pages ?? 2);
}

/** Starts the headless Chromium; exported for the benchmark, which compares against bare printing. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || (await chromium.executablePath());
  try {
    return await puppeteer.launch({
      executablePath,
      args: [...chromiumArgs(), '--disable-background-networking', '--no-first-run'],
      headless: 'shell',
      // A pipe instead of a websocket: Chromium exits by itself when this process dies.
      pipe: true,
    });
  } catch (error) {
    throw new PrintError(`Chromium did not start (${executablePath}); set CHROMIUM_PATH to a working Chromium`, { cause: error });
  }
}

/**
 * @sparticuz/chromium's flags are made for Lambda, where one process is all that fits. Elsewhere
 * the pages of the pool get renderer processes of their own, so they print on separate cores.
 */
function chromiumArgs(): string[] {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return chromium.args;
  return chromium.args.filter((arg) => arg !== '--single-process' && arg !== '--no-zygote');
}

/** A printer over a browser that is already running; closing the printer closes the browser. */
export function printerFor(browser: Browser, pages: number): ReportPrinter {
  return new ChromiumPrinter(browser, pages);
}

class ChromiumPrinter implements ReportPrinter {
  private readonly idle: Page[] = [];
  private readonly prints = new WeakMap<Page, number>();
  private readonly waiting: ((page: Page) => void)[] = [];
  private created = 0;
  readonly pid: number | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly poolSize: number,
  ) {
    this.pid = browser.process()?.pid;
  }

  async print(html: string): Promise<Uint8Array> {
    let page = await this.acquire();
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
      return await page.pdf(pdfOptions());
    } catch (error) {
      throw new PrintError('Chromium could not print the report', { cause: error });
    } finally {
      const count = (this.prints.get(page) ?? 0) + 1;
      this.prints.set(page, count);
      if (count >= PRINTS_PER_PAGE) {
        await page.close().catch(() => undefined);
        page = await isolatedPage(this.browser);
      }
      this.release(page);
    }
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
      return isolatedPage(this.browser);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
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
