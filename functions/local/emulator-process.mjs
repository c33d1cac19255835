// Runs one AWS emulator on loopback in its own process, so the parent can stop it by pid.
// Usage: node emulator-process.mjs dynamodb|s3|ses [data-dir]
// Prints one JSON line {"port": N} once it listens. It exits when its parent goes away
// (stdin closes), so even a parent killed with SIGKILL leaves no emulator behind.
// Plain JavaScript on purpose: it starts without a TypeScript loader, which keeps start-up fast.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [kind, dataDir] = process.argv.slice(2);
const HOST = '127.0.0.1';

async function start() {
  switch (kind) {
    case 'dynamodb': {
      const { default: dynalite } = await import('dynalite');
      // Tables become ACTIVE at once: the real service takes seconds, which tests need not wait for.
      const server = dynalite({ path: dataDir || undefined, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      server.listen(0, HOST);
      await once(server, 'listening');
      return { port: server.address().port, stop: () => new Promise((r) => server.close(() => r())) };
    }
    case 's3': {
      const { default: S3rver } = await import('s3rver');
      const server = new S3rver({ address: HOST, port: 0, silent: true, directory: dataDir });
      server.store.putObject = atomicPut(server.store);
      const { port } = await server.run();
      return { port, stop: () => server.close() };
    }
    case 'ses': {
      // The emulator answers GetAccount from this variable; without it the quota check fails.
      // A production-like account unless the caller (e.g. a quota test) sets its own.
      process.env.AWS_SES_ACCOUNT ??= JSON.stringify({
        DedicatedIpAutoWarmupEnabled: false,
        Details: { AdditionalContactEmailAddresses: [], ContactLanguage: 'EN', MailType: 'TRANSACTIONAL', ReviewDetails: { CaseId: 'local', Status: 'GRANTED' }, UseCaseDescription: 'rapportbode local stack', WebsiteURL: 'https://rapportbode.example' },
        EnforcementStatus: 'HEALTHY',
        ProductionAccessEnabled: true,
        SendingEnabled: true,
        SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 },
        SuppressionAttributes: { SuppressedReasons: [] },
      });
      const { default: ses } = await import('aws-ses-v2-local');
      const server = await ses.default({ host: HOST, port: 0 });
      return { port: server.address().port, stop: () => new Promise((r) => server.close(() => r())) };
    }
    default:
      throw new Error(`unknown emulator "${kind}"; expected dynamodb, s3 or ses`);
  }
}

const emulator = await start();
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Connections kept alive by SDK clients can hold close() open; do not wait for them for long.
  await Promise.race([emulator.stop(), new Promise((r) => setTimeout(r, 1000))]);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ port: emulator.port })}\n`);

/**
 * S3 stores an object whole or not at all: a read during a put finds the old object or the new one.
 * s3rver writes the object's file in place and answers before the bytes are all on disk, so a read
 * in between got part of it (a run that lost the race for its lease read half the winner's snapshot).
 * This put writes the bytes beside the object, then its checksum and metadata, and moves the file
 * into place last (a rename: whole or not at all); s3rver's own files and answers stay the same.
 */
function atomicPut(store) {
  return async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(path.dirname(objectPath), { recursive: true });
    const partial = `${objectPath}.${randomUUID()}.part`;
    const md5 = createHash('md5');
    let size = 0;
    const counted = new Transform({
      transform(chunk, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content, counted, createWriteStream(partial));
      const digest = md5.digest('hex');
      await store.putMetadata(object.bucket, object.key, object.metadata, digest);
      await rename(partial, objectPath);
      return { size, md5: digest };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  };
}
