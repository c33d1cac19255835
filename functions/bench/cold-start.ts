// Cold start: from process start to the first PDF, browser launch included — the figure that
// matters on Lambda. Run as its own process by the benchmark; prints one JSON line.
import { performance } from 'node:perf_hooks';

const { launchPrinter } = await import('../adapters/chromium-printer');
const { ReportRenderer } = await import('../adapters/report-renderer');
const { parsePeriod } = await import('../core/periods');
const { demoReportModel } = await import('./demo-model');
const imported = performance.now();

const model = demoReportModel(parsePeriod('2026-09'));
const renderer = new ReportRenderer();
const paragraph = model.paragraphs[0];
if (!paragraph) throw new Error('the demo model has no paragraph');
const html = renderer.reportHtml(model.organisationPart, renderer.organisationHtml(model.organisationPart), paragraph);
const launchedAt = performance.now();
const printer = await launchPrinter({ pages: 1 });
const launched = performance.now();
try {
  await printer.print(html);
  const firstPdf = performance.now();
  console.log(JSON.stringify({ importMs: imported, launchMs: launched - launchedAt, firstPdfMs: firstPdf }));
} finally {
  await printer.close();
}
