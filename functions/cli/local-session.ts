import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/errors';
import { ENDPOINT_VARIABLES, type LocalStack, startLocalStack } from '../local/local-stack';
import { provisionLocalResources } from '../local/provision';

/** Names the local stack uses unless the environment names others. */
export const LOCAL_DEFAULTS = {
  TABLE_NAME: 'rapportbode',
  ARCHIVE_BUCKET: 'rapportbode-archive',
  INGEST_BUCKET: 'rapportbode-ingest',
  // The emulator has no rate limit; a few per second keeps the demo quick and still paced.
  MAX_SEND_RATE: '5',
} as const;

/**
 * Runs `work` against a local stack: emulators for the services without an AWS_ENDPOINT_URL_*,
 * the table and buckets created, and every emulator stopped afterwards by pid, also when `work`
 * throws or the user presses Ctrl-C.
 */
export async function withLocalStack<T>(dataDir: string, work: (stack: LocalStack) => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(LOCAL_DEFAULTS)) process.env[name] ??= value;
  // Every mail sent locally is kept here: the SES emulator's store goes with the stack.
  process.env.RAPPORTBODE_OUTBOX ??= path.resolve(dataDir, 'outbox');
  // Personal links are signed with the map's own key (adapters/link-key.ts).
  process.env.RAPPORTBODE_LINK_KEY_DIR ??= path.resolve(dataDir);
  // The web edition of the released reports (`rapportbode web`, and after each final): served by the console under /editie/.
  process.env.RAPPORTBODE_WEB_DIR ??= path.resolve(dataDir, 'web');
  const stack = await startLocalStack({ dataDir: path.resolve(dataDir) });
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: de lokale omgeving stopt…\n`);
    void stack.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await provisionLocalResources({
      tableName: process.env.TABLE_NAME as string,
      buckets: [process.env.ARCHIVE_BUCKET as string, process.env.INGEST_BUCKET as string],
    });
    return await work(stack);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.stop();
  }
}

/**
 * Runs `work` against the stack the operator chose: a deployed stack in AWS when
 * RAPPORTBODE_TARGET=aws (names and endpoints from the environment, nothing started), otherwise
 * the local stack in `dataDir`.
 */
export async function withStack<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  if (process.env.RAPPORTBODE_TARGET === 'aws') {
    // What the CLI records in the deployed table must expire like what the functions record.
    if (!process.env.RETENTION_DAYS) {
      throw new InvalidInputError('RETENTION_DAYS ontbreekt: zet het op de RetentionDays-output van de stack, zodat wat de CLI vastlegt na de bewaartermijn verdwijnt');
    }
    return work();
  }
  // A forgotten --map reads an empty store: say which map it was, not just an empty table.
  const isNew = !process.env[ENDPOINT_VARIABLES.dynamodb] && !existsSync(path.join(dataDir, 'dynamodb'));
  try {
    return await withLocalStack(dataDir, () => work());
  } finally {
    // Also when the command fails: on an empty map it mostly does ("er is nog geen organisatie").
    if (isNew) console.error(newMapNote(dataDir));
  }
}

/** What an empty map says; a demo's work map (`demo --map X`) keeps its stack in X/stack, so that is named. */
function newMapNote(dataDir: string): string {
  const demoStack = path.resolve(dataDir, 'stack');
  const where = existsSync(path.join(demoStack, 'dynamodb'))
    ? `De gegevens van een demo in die map staan in ${demoStack}: geef --map ${demoStack}.`
    : 'Staan uw gegevens in een andere map, geef die dan met --map.';
  return `Nieuwe lokale omgeving in ${path.resolve(dataDir)}: daar stonden nog geen gegevens. ${where}`;
}

/** Where this local command keeps a copy of each mail it sends, or one run's folder in it (nothing against a deployed stack). */
function outboxFolder(runId?: string): string | undefined {
  const outbox = process.env.RAPPORTBODE_TARGET === 'aws' ? undefined : process.env.RAPPORTBODE_OUTBOX;
  return outbox && (runId ? path.join(outbox, runId) : outbox);
}

/** How many mails the outbox (or one run's folder in it) holds. */
export function outboxMailCount(runId?: string): number {
  const folder = outboxFolder(runId);
  if (!folder || !existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true }).filter((name) => String(name).endsWith('.eml')).length;
}

/**
 * Where a local command kept the mails it sent, named only when there are some: a run's folder
 * once it holds its mails, the whole outbox when it holds more than `before` (the cycle's step,
 * which may send for several runs, or to nobody).
 */
export function printOutbox(runId?: string, before = 0): void {
  const folder = outboxFolder(runId);
  if (folder && outboxMailCount(runId) > before) console.log(`Verzonden mails (.eml, met de PDF ernaast): ${folder}`);
}
