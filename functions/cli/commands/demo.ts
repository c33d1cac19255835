import { rmSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { withLocalStack } from '../local-session';
import { PERIOD_HELP, periodOption } from '../options';
import { printRunSummary } from '../run-summary';
import { DEMO_ORGANISATION_FILE } from '../../local/demo-data';
import { readOrganisationFile } from './organisation';
import { printEdition } from './web';
import { participatingMunicipalities } from '../../core/organisation';

export interface DemoOptions {
  /** The organisation file to run the demo for. */
  readonly organisationFile: string;
  /** `YYYY-MM`; the last complete period when not given. */
  readonly period?: string;
  readonly keepOpen: boolean;
  readonly workDir: string;
}

/**
 * A complete mailing on the embedded stack for any organisation file: the file is applied as
 * `organisation apply` does, generated recipients, figures and benchmarks are loaded, the run
 * renders, archives and mails; each mail and its PDF are kept once, in <werkmap>/outbox/<run>/.
 */
export async function demo(options: DemoOptions): Promise<void> {
  const config = await readOrganisationFile(options.organisationFile);
  const stackDir = path.join(options.workDir, 'stack');
  const outbox = path.join(options.workDir, 'outbox');
  rmSync(stackDir, { recursive: true, force: true });
  rmSync(outbox, { recursive: true, force: true });
  // The demo's web edition beside its outbox: <werkmap>/web, served under /editie/.
  const web = path.resolve(options.workDir, 'web');
  rmSync(web, { recursive: true, force: true });
  process.env.RAPPORTBODE_WEB_DIR = web;
  const started = Date.now();
  // The demo's map is its outbox's place too: each mail and its PDF once, in outbox/<run>/.
  process.env.RAPPORTBODE_OUTBOX = path.resolve(outbox);

  await withLocalStack(stackDir, async (stack) => {
    // Imported only now: the SDK clients must see the endpoints the stack just set.
    const { readConfig } = await import('../../adapters/config');
    const { runReportDeps } = await import('../../wiring/dependencies');
    const { runReport } = await import('../../usecases/run-report');
    const { applyOrganisation, periodFor } = await import('../../usecases/organisation');
    const { organisationDeps } = await import('../../wiring/operations-dependencies');
    const { loadSampleData } = await import('../../local/demo-data');
    const env = readConfig();

    const { OrganisationStore } = await import('../../adapters/organisation-store');
    const store = new OrganisationStore(env.TABLE_NAME);
    await applyOrganisation(config, { actor: 'demo', source: path.basename(options.organisationFile) }, { ...organisationDeps(env), store });
    const period = await periodFor(options.period, new Date(), store);
    const loaded = await loadSampleData(store, config, period);
    console.log(`${config.name} ingelezen uit ${path.basename(options.organisationFile)}: ${config.municipalities.length} gemeenten, ${config.indicators.length} indicatoren, ${loaded.recipients} ontvangers en ${loaded.figures} gegenereerde maandcijfers.`);

    const summary = await runReport({ period, kind: 'final' }, runReportDeps(env));
    if (summary.notStarted) {
      console.log(summary.notStarted);
      return;
    }

    console.log('');
    printRunSummary(summary);
    console.log(`\nMails en PDF's per gemeente: ${path.join(path.resolve(outbox), summary.runId)}`);
    const { editionDeps } = await import('../../wiring/edition-dependencies');
    const { publishAfterFinal } = await import('../../usecases/web-edition');
    printEdition(await publishAfterFinal(summary, editionDeps(env)));
    const shown = participatingMunicipalities(config)[0];
    const { ORGANISATION_SLUG, editionSlug } = await import('../../core/edition-site');
    console.log(`Duurde ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.`);

    if (summary.status !== 'completed') process.exitCode = 1;
    if (options.keepOpen) {
      const { startEditionServer } = await import('../../console/edition-files');
      const edition = await startEditionServer(web);
      console.log(`\nDe lokale omgeving blijft aan. Mails zoals SES ze ontving: ${stack.endpoints.ses}/  (Ctrl-C om te stoppen)`);
      if (shown) console.log(`De webeditie van ${shown.name}: ${edition.url}/editie/${editionSlug(shown.name)}/  (van de organisatie: ${edition.url}/editie/${ORGANISATION_SLUG}/)`);
      try {
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
      } finally {
        await edition.close();
      }
    } else if (shown) {
      console.log(`De webeditie van ${shown.name}: ${path.join(web, editionSlug(shown.name), 'index.html')} (met --open-houden op een adres)`);
    }
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'een volledige verzending op een nieuwe lokale omgeving, met gegenereerde cijfers en ontvangers, voor de demo-organisatie of een eigen organisatiebestand; ' +
        "de PDF's en de mails komen in de map outbox in de werkmap (--map)",
    )
    .addOption(new Option('--organisatie <bestand>', 'het organisatiebestand').default(DEMO_ORGANISATION_FILE, 'de demo-organisatie uit examples/'))
    .option('--periode <JJJJ-MM>', PERIOD_HELP, periodOption)
    .option('--open-houden', 'laat de lokale omgeving aan, met de webinbox van de SES-emulator, tot Ctrl-C', false)
    .option('--map <map>', 'de werkmap voor de gegevens van de omgeving en de outbox', '.rapportbode/demo')
    .action(async (options: { organisatie: string; periode?: string; openHouden: boolean; map: string }) => {
      await demo({ organisationFile: options.organisatie, period: options.periode, keepOpen: options.openHouden, workDir: options.map });
    });
}
