import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ENCODING_NAMES, type CsvEncoding } from '../../core/csv-reader';
import { DOOR_HELP, actorOf } from '../actor';
import { inputFileSize } from '../files';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { countNl } from '../../core/words-nl';

export function registerGoals(program: Command): void {
  const goals = program.command('goals').alias('doelen').description('de jaardoelen per indicator, zoals het AB ze met de begroting vaststelt');
  goals
    .command('import')
    .description('lees de jaardoelen in uit een CSV-bestand (indicator;jaar;doel), alle rijen of geen: een nieuwe versie van de organisatie, met wat er verandert en wie het deed')
    .argument('<bestand>', 'het CSV-bestand: ";" of "," als scheidingsteken, UTF-8 of Windows-1252; indicator met id of naam')
    .option('--proef', 'toon alleen wat er zou veranderen; wijzig niets', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (file: string, o: { proef: boolean; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      await inputFileSize(file);
      const bytes = await readFile(file);
      await withStack(o.map, async () => {
        const { readImportConfig } = await import('../../adapters/import-config');
        const { organisationDeps } = await import('../../wiring/operations-dependencies');
        const { importGoals } = await import('../../usecases/organisation');
        const result = await importGoals({ name: path.basename(file), bytes }, { actor, dryRun: o.proef }, organisationDeps(readImportConfig()));
        const read = `${countNl(result.goals, 'doel', 'doelen')}; tekenset ${ENCODING_NAMES[result.encoding as CsvEncoding]}, scheidingsteken ${result.delimiter}`;
        if (result.diff.lines.length === 0) {
          console.log(`${path.basename(file)} (${read}): deze doelen gelden al; er is niets gewijzigd.`);
          return;
        }
        console.log(o.proef ? `${path.basename(file)} (${read}) zou dit veranderen (er is niets gewijzigd):` : `${path.basename(file)} (${read}): versie ${result.version} van de organisatie geldt nu. Gewijzigd:`);
        for (const line of result.diff.lines) console.log(`  ${line}`);
      });
    });
}
