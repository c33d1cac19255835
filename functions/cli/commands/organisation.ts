import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import type { OrganisationConfig } from '../../core/organisation';
import { organisationToYaml, parseOrganisationFile } from '../../core/organisation-file';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';

async function deps() {
  const { readImportConfig } = await import('../../adapters/import-config');
  const { organisationDeps } = await import('../../usecases/operations-dependencies');
  return organisationDeps(readImportConfig());
}

/** Reads and validates an organisation file; nothing outside is touched yet. */
export async function readOrganisationFile(file: string): Promise<OrganisationConfig> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new InvalidInputError(`${file} kan niet worden gelezen (${(error as NodeJS.ErrnoException).code ?? 'onbekende fout'}); controleer de naam en de map`, { cause: error });
  });
  return parseOrganisationFile(text, path.basename(file));
}

export function registerOrganisation(program: Command): void {
  const organisation = program
    .command('organisation')
    .alias('organisatie')
    .description('de organisatie als gegevens: gemeenten, indicatoren en doelen, ritme, kalender, teksten en afzender, uit één YAML-bestand');
  const dir = ['--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR] as const;

  organisation
    .command('apply')
    .description('lees een organisatiebestand in, helemaal of niet: toont wat er verandert en legt vast wie het deed')
    .argument('<file>', 'het organisatiebestand (YAML), bijvoorbeeld organisatie.yaml')
    .option('--dry-run', 'toon alleen wat er zou veranderen; wijzig niets', false)
    .option('--force', 'haal ook gemeenten of indicatoren weg die nog cijfers of ontvangers hebben (die blijven bewaard)', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...dir)
    .action(async (file: string, o: { dryRun: boolean; force: boolean; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      const config = await readOrganisationFile(file);
      await withStack(o.dir, async () => {
        const { applyOrganisation } = await import('../../usecases/organisation');
        const result = await applyOrganisation(config, { actor, dryRun: o.dryRun, force: o.force, source: path.basename(file) }, await deps());
        if (result.diff.lines.length === 0) {
          console.log(`${config.name}: het bestand is gelijk aan de versie die geldt (versie ${result.version}); er is niets gewijzigd.`);
          return;
        }
        console.log(o.dryRun ? `${config.name}: dit zou er veranderen (er is niets gewijzigd):` : `${config.name}: versie ${result.version} geldt nu. Gewijzigd:`);
        for (const line of result.diff.lines) console.log(`  ${line}`);
        if (result.kept.length > 0) console.log(`Blijven bewaard (in geen rapport meer):\n  ${result.kept.join('\n  ')}`);
      });
    });

  organisation
    .command('export')
    .description('schrijf het organisatiebestand dat nu geldt (opnieuw toepassen verandert niets)')
    .argument('[file]', 'het bestand om te schrijven; zonder: naar het scherm')
    .option(...dir)
    .action(async (file: string | undefined, o: { dir: string }) => {
      const text = await currentYaml(o.dir);
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
    .option(...dir)
    .action(async (o: { dir: string }) => {
      process.stdout.write(await currentYaml(o.dir, true));
    });
}

async function currentYaml(dataDir: string, withVersion = false): Promise<string> {
  return withStack(dataDir, async () => {
    const { noOrganisation } = await import('../../usecases/organisation');
    const current = await (await deps()).store.organisation();
    if (!current) throw noOrganisation();
    const header = withVersion ? `# Versie ${current.version}, toegepast op ${current.appliedAt} door ${current.appliedBy}\n` : '';
    return header + organisationToYaml(current.config);
  });
}
