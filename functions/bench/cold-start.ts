// Cold start of the run function as Lambda runs it: from process start to the first PDF, for the
// esbuild bundle `npm run synth` leaves in cdk.out. Started by the benchmark as its own process
// with plain `node` (Node strips the types; no tsx), so nothing is loaded but the bundle and this
// file. The handler runs a final run of the period for an organisation of one municipality on the
// local stack; the first PDF is the moment its bytes reach the archive: S3 requests go through a
// small proxy here that notes the first PUT of a `.pdf`. Prints one JSON line.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, period] = process.argv.slice(2);
if (!bundle || !period || !process.env.AWS_ENDPOINT_URL_S3) throw new Error('usage: node cold-start.ts <bundle index.mjs> <period>, with AWS_ENDPOINT_URL_S3 set');
const s3 = new URL(process.env.AWS_ENDPOINT_URL_S3);
let firstPdfMs: number | null = null;
const proxy = http.createServer((request, response) => {
  if (firstPdfMs === null && request.method === 'PUT' && /\.pdf(\?|$)/.test(request.url ?? '')) firstPdfMs = performance.now();
  const upstream = http.request({ host: s3.hostname, port: s3.port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

const startedImport = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<{ status?: string }> };
const imported = performance.now();
const context = { awsRequestId: 'bench-cold-start', functionName: 'bench-cold-start', functionVersion: '$LATEST', memoryLimitInMB: '2048', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:bench', getRemainingTimeInMillis: () => 900_000 };
// A final needs a reviewed concept first, or a reason to go without one (recorded in the audit log).
const result = await handler({ period, kind: 'final', requestedBy: 'bench', withoutConceptReason: 'benchmark van de koude start' }, context);
const done = performance.now();
proxy.close();
console.log(JSON.stringify({ startedImportMs: startedImport, importedMs: imported, firstPdfMs, runDoneMs: done, status: result.status }));
