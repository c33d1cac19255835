import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import type { OrganisationConfig } from '../../core/organisation';
import { organisationIntoFile, organisationToYaml, parseOrganisationFile } from '../../core/organisation-file';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { timeNl } from '../../core/words-nl';

async function deps() {
  const { readImportConfig } = await import('../../adapters/import-config');
  const { organisationDeps } = await import('../../wiring/operations-dependencies');
  return organisationDeps(readImportConfig());
}

/** Reads and validates an organisation file; nothing outside is touched yet. */
export async function readOrganisationFile(file: string): Promise<OrganisationConfig> {
  return (await readOrganisationSource(file)).config;
}

/** The file's organisation and its text (kept with the version, so an export keeps the comments). */
async function readOrganisationSource(file: string): Promise<{ config: OrganisationConfig; text: string }> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new InvalidInputError(`${file} kan niet worden gelezen (${(error as NodeJS.ErrnoException).code ?? 'onbekende fout'}); controleer de naam en de map`, { cause: error });
  });
  return { config: parseOrganisationFile(text, path.basename(file)), text };
}

export function registerOrganisation(program: Command): void {
  const organisation = program
    .command('organisation')
    .alias('organisatie')
    .description('de organisatie als gegevens: gemeenten, indicatoren en doelen, ritme, kalender, teksten en afzender, uit één YAML-bestand');

  organisation
    .command('apply')
    .description('lees een organisatiebestand in, helemaal of niet: toont wat er verandert en legt vast wie het deed')
    .argument('<bestand>', 'het organisatiebestand (YAML), bijvoorbeeld organisatie.yaml')
    .option('--proef', 'toon alleen wat er zou veranderen; wijzig niets', false)
    .option('--forceer', 'neem het bestand zoals het is: haal ook gemeenten of indicatoren weg die nog cijfers of ontvangers hebben (die blijven bewaard) en doelen die het bestand niet noemt', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (file: string, o: { proef: boolean; forceer: boolean; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      const { config, text } = await readOrganisationSource(file);
      await withStack(o.map, async () => {
        const { applyOrganisation } = await import('../../usecases/organisation');
        const result = await applyOrganisation(config, { actor, dryRun: o.proef, force: o.forceer, source: path.basename(file), fileText: text }, await deps());
        if (result.keptGoals.length > 0) console.log(keptGoalsNote(result.keptGoals));
        if (result.diff.lines.length === 0) {
          console.log(`${config.name}: het bestand is gelijk aan de versie die geldt (versie ${result.version}); er is niets gewijzigd.`);
          return;
        }
        console.log(o.proef ? `${config.name}: dit zou er veranderen (er is niets gewijzigd):` : `${config.name}: versie ${result.version} geldt nu. Gewijzigd:`);
        for (const line of result.diff.lines) console.log(`  ${line}`);
        if (result.kept.length > 0) console.log(`Blijven bewaard (in geen rapport meer):\n  ${result.kept.join('\n  ')}`);
      });
    });

  organisation
    .command('export')
    .description('schrijf het organisatiebestand dat nu geldt, met de opmerkingen (#) van het toegepaste bestand (opnieuw toepassen verandert niets)')
    .argument('[bestand]', 'het bestand om te schrijven; zonder: naar het scherm')
    .option(...DATA_DIR_OPTION)
    .action(async (file: string | undefined, o: { map: string }) => {
      const text = await currentYaml(o.map);
      if (!file) {
        process.stdout.write(text);
        return;
      }
      await writeFile(file, text, 'utf8').catch((error: unknown) => {
        throw new InvalidInputError(`${file} kan niet worden geschreven (${(error as NodeJS.ErrnoException).code ?? 'onbekende fout'}); bestaat de map?`, { cause: error });
      });
      console.log(`Organisatiebestand geschreven: ${path.resolve(file)}`);
    });

  organisation
    .command('show')
    .description('toon het organisatiebestand dat nu geldt, met zijn versie')
    .option(...DATA_DIR_OPTION)
    .action(async (o: { map: string }) => {
      process.stdout.write(await currentYaml(o.map, true));
    });
}

/** Goals loaded with `goals import` are not in the file; the operator learns they stay and how to remove them. */
export function keptGoalsNote(goals: readonly string[]): string {
  const which = goals.length === 1 ? 'Dit doel staat niet in het bestand en blijft gelden' : 'Deze doelen staan niet in het bestand en blijven gelden';
  return `${which}: ${goals.join(', ')}.\nWilt u ${goals.length === 1 ? 'het' : 'ze'} schrappen: pas het bestand toe met --forceer (rapportbode organisation export schrijft een bestand met alle doelen).`;
}

async function currentYaml(dataDir: string, withVersion = false): Promise<string> {
  return withStack(dataDir, async () => {
    const { noOrganisation } = await import('../../usecases/organisation');
    const current = await (await deps()).store.organisation();
    if (!current) throw noOrganisation();
    const header = withVersion ? `# Versie ${current.version}, toegepast op ${timeNl(current.appliedAt)} door ${current.appliedBy}\n` : '';
    return header + (current.fileText ? organisationIntoFile(current.config, current.fileText) : organisationToYaml(current.config));
  });
}
