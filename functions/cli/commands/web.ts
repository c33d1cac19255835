import type { Command } from 'commander';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import type { EditionOutcome, EditionSummary } from '../../usecases/web-edition';

/** Where the edition went, in words: the map's folder locally, the pages' bucket in AWS. */
function placeNl(): string {
  if (process.env.WEB_BUCKET) return `in de bucket ${process.env.WEB_BUCKET}`;
  return `in ${process.env.RAPPORTBODE_WEB_DIR}; de console (rapportbode console) toont haar onder /editie/`;
}

export function editionLine(summary: EditionSummary): string {
  const periods = summary.periods.length === 0 ? 'nog geen vrijgegeven perioden' : `${summary.periods.length} ${summary.periods.length === 1 ? 'periode' : 'perioden'} (${summary.periods[0]} t/m ${summary.periods.at(-1)})`;
  const skipped = summary.skipped.length > 0 ? `\nNiet gepubliceerd: ${summary.skipped.join('; ')}` : '';
  return `Webeditie bijgewerkt: ${periods}, ${summary.files} bestanden ${placeNl()}.${skipped}`;
}

/** After a final (run, release): what became of the web edition, if one is set up. */
export function printEdition(outcome: EditionOutcome | undefined): void {
  if (!outcome) return;
  if (outcome.published) console.log(editionLine(outcome));
  else {
    console.error(`Let op: ${outcome.reason}.`);
    process.exitCode = 1;
  }
}

export function registerWeb(program: Command): void {
  program
    .command('web')
    .description(
      'maak de webeditie opnieuw: van elke vrijgegeven periode de pagina’s per gemeente en voor de organisatie, de geschiedenis per indicator en de cijfers als CSV, ' +
        'uit de momentopnamen van de definitieve runs; lokaal in <map>/web (de console toont ze onder /editie/), in AWS in de bucket WEB_BUCKET',
    )
    .option(...DATA_DIR_OPTION)
    .action(async (o: { map: string }) => {
      await withStack(o.map, async () => {
        const { readConfig } = await import('../../adapters/config');
        const { editionDeps } = await import('../../wiring/edition-dependencies');
        const { publishEditions } = await import('../../usecases/web-edition');
        const deps = editionDeps(readConfig());
        if (!deps) {
          console.error('Er is geen plaats voor de webeditie ingesteld: zet WEB_BUCKET (AWS) of RAPPORTBODE_WEB_DIR; er is niets gemaakt.');
          process.exitCode = 1;
          return;
        }
        console.log(editionLine(await publishEditions(deps)));
      });
    });
}
