import type { Command } from 'commander';
import type { OrganisationStore } from '../../adapters/organisation-store';
import { MAX_COMMENTARY_CHARACTERS, parseCommentary } from '../../core/commentary';
import { periodId, periodLabelNl } from '../../core/periods';
import { DOOR_HELP, actorOf } from '../actor';
import { readInputFile } from '../files';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION, PERIOD_REQUIRED, periodOf } from '../options';

export function registerCommentary(program: Command): void {
  const commentary = program.command('commentary').alias('toelichting').description('de toelichting die in het rapport van een periode staat');
  commentary
    .command('set')
    .description(`leg de toelichting van een periode vast uit een tekstbestand (Markdown): alinea's gescheiden door een lege regel, hoogstens ${MAX_COMMENTARY_CHARACTERS} tekens; vervangt de vorige`)
    .requiredOption(...PERIOD_REQUIRED)
    .requiredOption('--bestand <bestand>', 'de tekst, UTF-8 (bijvoorbeeld toelichting.md)')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (options: { periode: string; bestand: string; door?: string; map: string }) => {
      const actor = actorOf(options.door);
      const raw = await readInputFile(options.bestand);
      const text = parseCommentary(Buffer.from(raw).toString('utf8'), options.bestand);
      const period = await withStore(options.map, async (store) => {
        const period = await periodOf(options.periode);
        const { setCommentary } = await import('../../usecases/commentary');
        const { RecipientStore } = await import('../../adapters/recipient-store');
        const { readImportConfig } = await import('../../adapters/import-config');
        await setCommentary(period, text, actor, { store, audit: new RecipientStore(readImportConfig().TABLE_NAME), now: () => new Date() });
        return period;
      });
      console.log(`Toelichting van ${periodLabelNl(period)} vastgelegd: ${text.split(/\n\s*\n/).length} alinea's, ${text.length} tekens.`);
    });
  commentary
    .command('show')
    .description('toon de toelichting van een periode')
    .requiredOption(...PERIOD_REQUIRED)
    .option(...DATA_DIR_OPTION)
    .action(async (options: { periode: string; map: string }) => {
      const { period, text } = await withStore(options.map, async (store) => {
        const period = await periodOf(options.periode);
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
