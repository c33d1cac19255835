import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { OrganisationStore } from '../../adapters/organisation-store';
import { MAX_COMMENTARY_CHARACTERS, parseCommentary } from '../../core/commentary';
import { InvalidInputError } from '../../core/errors';
import { periodId, periodLabelNl } from '../../core/periods';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR, PERIOD_HELP, periodOf, periodOption } from '../options';

export function registerCommentary(program: Command): void {
  const commentary = program.command('commentary').description("the commentary (toelichting) printed in a period's report");
  commentary
    .command('set')
    .description(`set the commentary of a period from a text file: paragraphs separated by blank lines, at most ${MAX_COMMENTARY_CHARACTERS} characters`)
    .requiredOption('--period <YYYY-MM>', PERIOD_HELP, periodOption)
    .requiredOption('--file <path>', 'the text, UTF-8 (for example toelichting.md)')
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (options: { period: string; file: string; dir: string }) => {
      const raw = await readFile(options.file).catch((error: unknown) => {
        throw new InvalidInputError(`${options.file} cannot be read`, { cause: error });
      });
      const text = parseCommentary(raw.toString('utf8'), options.file);
      const period = await withStore(options.dir, async (store) => {
        const period = await periodOf(options.period);
        await store.putCommentary(periodId(period), text);
        return period;
      });
      console.log(`Toelichting van ${periodLabelNl(period)} vastgelegd: ${text.split(/\n\s*\n/).length} alinea's, ${text.length} tekens.`);
    });
  commentary
    .command('show')
    .description('print the commentary of a period')
    .requiredOption('--period <YYYY-MM>', PERIOD_HELP, periodOption)
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (options: { period: string; dir: string }) => {
      const { period, text } = await withStore(options.dir, async (store) => {
        const period = await periodOf(options.period);
        return { period, text: await store.commentary(periodId(period)) };
      });
      console.log(text ?? `Er is geen toelichting voor ${periodLabelNl(period)}.`);
    });
}

async function withStore<T>(dataDir: string, work: (store: OrganisationStore) => Promise<T>): Promise<T> {
  return withStack(dataDir, async () => {
    // Imported only now: the SDK clients must see the endpoints the stack just set.
    const { readImportConfig } = await import('../../adapters/import-config');
    const { OrganisationStore } = await import('../../adapters/organisation-store');
    return work(new OrganisationStore(readImportConfig().TABLE_NAME));
  });
}
