import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldProxy {
  readonly endpoint: string;
  /** Resolves when `passed` BatchWriteItem calls have been answered and the next one is held. */
  held(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A proxy on loopback in front of DynamoDB (dynalite) that forwards the first `passed`
 * BatchWriteItem calls and holds every later one unanswered: a writer killed then has written
 * exactly those batches — a crash halfway, at a known point rather than a race.
 */
export async function startHoldProxy(target: string, passed: number): Promise<HoldProxy> {
  const targetUrl = new URL(target);
  let batches = 0;
  let answered = 0;
  let holding = false;
  const waiters: (() => void)[] = [];
  const check = () => {
    if (holding && answered >= passed) for (const resolve of waiters.splice(0)) resolve();
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const isBatch = String(req.headers['x-amz-target'] ?? '').endsWith('.BatchWriteItem');
    if (isBatch && ++batches > passed) {
      holding = true;
      check();
      await once(req.socket, 'close');
      return;
    }
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res).on('finish', () => {
          if (isBatch) answered++;
          check();
        });
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(Buffer.concat(chunks));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    held: () =>
      new Promise((resolve) => {
        waiters.push(resolve);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
