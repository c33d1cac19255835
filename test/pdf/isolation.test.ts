import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReportPrinter, launchBrowser, launchPrinter, printerFor } from '../../functions/adapters/chromium-printer';
import { ReportRenderer } from '../../functions/adapters/report-renderer';
import { demoReportModel } from '../../functions/bench/demo-model';
import { pdfText } from '../support/test-stack';
import { pdfFacts } from './pdf-inspect';

// A script writes this by joining two halves, so the text of the script itself never contains it.
const SCRIPT_MARK = 'SCRIPT-GEDRAAID';
const SCRIPT_WRITES_MARK = `document.body.insertAdjacentHTML('beforeend', '<p>' + 'SCRIPT-' + 'GEDRAAID' + '</p>')`;
const FILE_MARK = 'LOKAAL-BESTAND-GELEZEN';

describe('printing is isolated: no script runs, nothing is fetched (real Chromium)', () => {
  let printer: ReportPrinter;
  let server: Server;
  let base: string;
  let requests: string[];
  let dir: string;
  let localFile: string;

  beforeAll(async () => {
    // Prepare: a server that records every request made to it, and a local file a page could read.
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<p>${FILE_MARK}</p>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'rb-isolation-'));
    localFile = path.join(dir, 'geheim.html');
    writeFileSync(localFile, `<p>${FILE_MARK}</p>`);
    printer = await launchPrinter();
  });

  beforeEach(async () => {
    // The server answers when asked: zero requests below means none was made, not that it was down.
    requests = [];
    expect((await fetch(`${base}/check`)).status).toBe(200);
    requests = [];
  });

  afterAll(async () => {
    await printer?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Everything a hostile or careless template could put in a page to run code or reach out. */
  const hostile = () => `
    <script>${SCRIPT_WRITES_MARK}</script>
    <img src="${base}/img" alt="">
    <link rel="stylesheet" href="${base}/css">
    <iframe src="${base}/frame"></iframe>
    <iframe src="file://${localFile}"></iframe>
    <object data="file://${localFile}"></object>
    <div style="background-image: url('${base}/background'); width: 10px; height: 10px;"></div>
    <a href="file://${localFile}">lokaal bestand</a>
    <img src="x" onerror="${SCRIPT_WRITES_MARK}">`;

  it('a template without any CSP still runs no script and fetches nothing: the printer itself blocks it', async () => {
    // Act
    const pdf = await printer.print(`<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title>
      <style>@font-face { font-family: X; src: url('${base}/font.woff2'); } body { font-family: X; }</style></head>
      <body><p>Inhoud</p>${hostile()}</body></html>`);
    // Assess
    const { text } = await pdfText(pdf);
    expect(text).toContain('Inhoud');
    expect(text).not.toContain(SCRIPT_MARK);
    expect(text).not.toContain(FILE_MARK);
    expect(requests).toEqual([]);
  });

  it('a template that redirects the page elsewhere fetches nothing (the print fails instead)', async () => {
    // Act
    const outcome = await printer
      .print(`<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0; url=${base}/refresh"></head><body><p>Inhoud</p></body></html>`)
      .then(() => 'printed', (error: Error) => error.name);
    // Assess: printed or refused, the server was never asked.
    expect(['printed', 'PrintError']).toContain(outcome);
    expect(requests).toEqual([]);
  });

  it('commentary with a script, an outside image and a file link is printed as text and fetches nothing', async () => {
    // Prepare: the report as a run renders it, with hostile commentary from the operator's input.
    const model = demoReportModel({ year: 2026, firstMonth: 9, length: 2 });
    const part = { ...model.organisationPart, commentary: `Toelichting met ${hostile()}\n\n![plaatje](${base}/markdown-image)\n\n[bestand](file://${localFile})` };
    const renderer = new ReportRenderer();
    const paragraph = model.paragraphs[0];
    if (!paragraph) throw new Error('no paragraph');
    // Act
    const html = renderer.reportHtml(part, renderer.organisationHtml(part), paragraph);
    const { text } = await pdfText(await printer.print(html));
    // Assess: the markup arrives as visible text, never as elements.
    expect(html).not.toMatch(/<script|<iframe|<img src="http|<object/);
    expect(text).toContain('<script>');
    expect(text).not.toContain(SCRIPT_MARK);
    expect(text).not.toContain(FILE_MARK);
    expect(requests).toEqual([]);
  });

  it('a part with hostile markup swaps into the loaded shell without running or fetching anything', async () => {
    // Prepare: a shell as a run loads it, and a part that tries to run code and reach out.
    const model = demoReportModel({ year: 2026, firstMonth: 9, length: 2 });
    const renderer = new ReportRenderer();
    const shell = renderer.reportShell(model.organisationPart, renderer.organisationHtml(model.organisationPart));
    // Act
    const pdf = await printer.printPart(shell, { key: 'Vijandig', title: 'Vijandig', html: `<section data-document-part="Vijandig"><p>Deel</p>${hostile()}</section>` });
    // Assess
    const { text } = await pdfText(pdf);
    expect(text).toContain('Deel');
    expect(text).not.toContain(SCRIPT_MARK);
    expect(text).not.toContain(FILE_MARK);
    expect(requests).toEqual([]);
  });
});

describe('a page keeps the shell and swaps the municipality part (real Chromium)', () => {
  let printer: ReportPrinter;
  const model = demoReportModel({ year: 2026, firstMonth: 9, length: 2 });
  const renderer = new ReportRenderer();
  const part = model.organisationPart;
  const organisationHtml = renderer.organisationHtml(part);
  const shell = renderer.reportShell(part, organisationHtml);

  beforeAll(async () => {
    // One page, so every part below is swapped into the page the previous one was printed on.
    printer = await launchPrinter({ pages: 1 });
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('prints for each municipality in turn what its complete document prints, with nothing of the one before', async () => {
    // Prepare: three municipalities' parts; their names, so each PDF can be searched for the others'.
    const paragraphs = model.paragraphs.slice(0, 3);
    const names = paragraphs.map((p) => p.municipality);
    expect(new Set(names).size).toBe(3);
    // Act: the three parts one after the other on the same page, then each complete document afresh.
    const swapped = [];
    for (const paragraph of paragraphs) swapped.push(await printer.printPart(shell, renderer.municipalityPart(part, paragraph)));
    const whole = [];
    for (const paragraph of paragraphs) whole.push(await printer.print(renderer.reportHtml(part, organisationHtml, paragraph)));
    // Assess: same text, pages, title, tags, outline and fonts; no other municipality's paragraph.
    for (const [i, name] of names.entries()) {
      const [a, b] = [await pdfText(swapped[i] as Uint8Array), await pdfText(whole[i] as Uint8Array)];
      expect(a.text).toBe(b.text);
      expect(a.pages).toBe(b.pages);
      expect(await pdfFacts(swapped[i] as Uint8Array)).toEqual(await pdfFacts(whole[i] as Uint8Array));
      expect(a.text).toContain(`Gemeentespecifieke paragraaf ${name}`);
      for (const other of names.filter((n) => n !== name)) expect(a.text).not.toContain(`paragraaf ${other}`);
    }
  });

  it('refuses a part that does not name itself, or a shell without a slot, and prints again afterwards', async () => {
    // Prepare
    const good = renderer.municipalityPart(part, model.paragraphs[0] as (typeof model.paragraphs)[0]);
    // Act + Assess: a part whose root carries another key is not printed.
    await expect(printer.printPart(shell, { ...good, key: 'Andere gemeente' })).rejects.toThrow(/kon het rapport niet afdrukken/);
    await expect(printer.printPart('<!DOCTYPE html><html><body><p>geen plek</p></body></html>', good)).rejects.toThrow(/kon het rapport niet afdrukken/);
    const { text } = await pdfText(await printer.printPart(shell, good));
    expect(text).toContain(`Gemeentespecifieke paragraaf ${good.key}`);
  });
});

/** Chromium's renderer processes under its browser process (/proc). */
function renderersOf(browserPid: number): number[] {
  const found: number[] = [];
  const queue = [browserPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    try {
      queue.push(...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--type=renderer')) found.push(pid);
    } catch {
      // Ended while we looked.
    }
  }
  return found.sort();
}

describe('a page whose renderer holds too much memory is replaced (real Chromium)', () => {
  let printer: ReportPrinter;
  const model = demoReportModel({ year: 2026, firstMonth: 9, length: 2 });
  const renderer = new ReportRenderer();
  const part = model.organisationPart;
  const shell = renderer.reportShell(part, renderer.organisationHtml(part));
  const first = renderer.municipalityPart(part, model.paragraphs[0] as (typeof model.paragraphs)[0]);

  afterAll(async () => {
    await printer?.close();
  });

  it('prints the next report on a page with a renderer of its own, the same PDF, and keeps no idle renderer', async () => {
    // Prepare: one page, and no growth allowed: loading the shell grows every renderer, so each print leaves its page to be replaced.
    printer = await launchPrinter({ pages: 1, rendererGrowthBytes: 0 });
    const browserPid = printer.pid as number;
    // Act: the same part twice, noting the renderers after each print.
    const before = await printer.printPart(shell, first);
    await expect.poll(() => renderersOf(browserPid).length).toBe(1);
    const afterFirst = renderersOf(browserPid);
    const after = await printer.printPart(shell, first);
    await expect.poll(() => renderersOf(browserPid).length).toBe(1);
    // Assess: one renderer at a time (the blank tab Chromium starts with is closed), a new one for
    // the second print, and the same report from it.
    expect(renderersOf(browserPid)).not.toEqual(afterFirst);
    expect((await pdfText(after)).text).toBe((await pdfText(before)).text);
    expect(await pdfFacts(after)).toEqual(await pdfFacts(before));
  });

  it('leaves the tabs of a browser it was given alone (only the blank tab of a browser it launched goes)', async () => {
    // Prepare: a browser the caller launched, with a tab of its own (as the bench prints bare beside the printer).
    const browser = await launchBrowser();
    const given = printerFor(browser, 1);
    try {
      const own = await browser.newPage();
      // Act
      await given.printPart(shell, first);
      // Assess: the caller's tab still works.
      expect(own.isClosed()).toBe(false);
      await own.setContent('<p>eigen tabblad</p>');
      expect(await own.evaluate(() => document.body.textContent)).toBe('eigen tabblad');
    } finally {
      await given.close();
    }
  });
});
