import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { extractText, getDocumentProxy } from 'unpdf';
import { type LocalStack, startLocalStack } from '../../functions/local/local-stack';
import { provisionLocalResources } from '../../functions/local/provision';

export interface TestStack extends LocalStack {
  readonly dir: string;
  /** Environment for a CLI child process: the endpoints of this stack and unique names. */
  readonly env: NodeJS.ProcessEnv;
  readonly names: { tableName: string; archiveBucket: string; ingestBucket: string };
  /** Stops the emulators by pid and removes the data folder. */
  close(): Promise<void>;
}

/**
 * Starts real emulators for a test file and provisions a table and buckets with unique names,
 * so tests in one file never see each other's data.
 */
export async function startTestStack(prefix = 'rb'): Promise<TestStack> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const stack = await startLocalStack({ dataDir: dir });
  const id = path.basename(dir).toLowerCase().replace(/[^a-z0-9]/g, '');
  const names = { tableName: `t-${id}`, archiveBucket: `archive-${id}`, ingestBucket: `ingest-${id}` };
  try {
    await provisionLocalResources({ tableName: names.tableName, buckets: [names.archiveBucket, names.ingestBucket] });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
    AWS_ENDPOINT_URL_SES: stack.endpoints.ses,
    TABLE_NAME: names.tableName,
    ARCHIVE_BUCKET: names.archiveBucket,
    INGEST_BUCKET: names.ingestBucket,
  };
  return {
    ...stack,
    dir,
    env,
    names,
    close: async () => {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StoredMail {
  messageId: string;
  from: string;
  subject: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  body: { text?: string; html?: string };
  attachments: { filename: string; contentType: string; content: string }[];
}

/** The mails the SES emulator received, as it stored them. */
export async function sesStore(stack: LocalStack): Promise<StoredMail[]> {
  const response = await fetch(`${stack.endpoints.ses}/store`);
  const body = (await response.json()) as { emails: StoredMail[] };
  return body.emails;
}

/** Bare addresses from `"Name" <address>` lists. */
export function addresses(list: readonly string[]): string[] {
  return list
    .flatMap((entry) => entry.split(','))
    .map((a) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase())
    .filter(Boolean)
    .sort();
}

export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  return { text, pages: totalPages };
}

export async function scanTable(tableName: string): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({});
  try {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
    return items;
  } finally {
    client.destroy();
  }
}

const CLI = path.resolve(import.meta.dirname, '../../functions/cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the `rapportbode` CLI as one child process (no tsx wrapper), the way an operator does. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv, options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
