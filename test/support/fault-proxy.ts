import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one SendRawEmail request:
 * pass — forward it; throttle — answer SES's "Maximum sending rate exceeded" without forwarding;
 * error-after-forward — forward it, let SES accept it, then answer 500 (the response is "lost");
 * hold — keep it without forwarding until the client goes away (to kill a sender mid-request);
 * drop — close the connection without forwarding.
 */
export type Fault = 'pass' | 'throttle' | 'error-after-forward' | 'hold' | 'drop';

export interface FaultProxy {
  readonly endpoint: string;
  /** SendRawEmail requests seen, with what was done to each. */
  readonly log: { index: number; fault: Fault }[];
  /** Resolves when the n-th (1-based) SendRawEmail request arrives. */
  waitForSend(n: number): Promise<void>;
  close(): Promise<void>;
}

const THROTTLE_BODY =
  '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>';
const INTERNAL_BODY =
  '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>The request processing has failed because of an unknown error.</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>';

/**
 * A small HTTP proxy on loopback in front of the SES emulator that injects faults into
 * SendRawEmail calls, chosen per request by `plan(index)` (1-based). Everything else passes.
 */
export async function startFaultProxy(target: string, plan: (index: number) => Fault): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const log: { index: number; fault: Fault }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let sends = 0;

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = request(
        { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const isSend = req.method === 'POST' && body.toString('latin1').includes('Action=SendRawEmail');
    let fault: Fault = 'pass';
    if (isSend) {
      sends++;
      fault = plan(sends);
      log.push({ index: sends, fault });
      for (const w of waiters.filter((w) => w.n <= sends)) w.resolve();
    }
    try {
      switch (fault) {
        case 'throttle':
          res.writeHead(400, { 'content-type': 'text/xml' }).end(THROTTLE_BODY);
          return;
        case 'drop':
          req.socket.destroy();
          return;
        case 'hold':
          // Never forwarded: the mail is not sent. Ends when the client's connection closes.
          await once(req.socket, 'close');
          return;
        case 'error-after-forward': {
          await forward(req, body);
          res.writeHead(500, { 'content-type': 'text/xml' }).end(INTERNAL_BODY);
          return;
        }
        case 'pass': {
          const answer = await forward(req, body);
          res.writeHead(answer.status, { 'content-type': String(answer.headers['content-type'] ?? 'text/xml') }).end(answer.body);
          return;
        }
      }
    } catch {
      res.destroy();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    waitForSend: (n) => (sends >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
