import { rmSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { withLocalStack } from '../local-session';
import { PERIOD_HELP, periodOption } from '../options';
import { printRunSummary } from '../run-summary';
import { DEMO_ORGANISATION_FILE } from '../../local/demo-data';
import { readOrganisationFile } from './organisation';
import { printEdition } from './web';
import { type Publication, type Recipient, participatingMunicipalities } from '../../core/organisation';
import type { Config } from '../../adapters/config';

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
    const { editionSlug } = await import('../../core/edition-site');
    console.log(`Duurde ${((Date.now() - started) / 1000).toFixed(1).replace('.', ',')} s.`);

    if (summary.status !== 'completed') process.exitCode = 1;
    if (options.keepOpen) {
      await keepOpen(env, web, stack.endpoints.ses, shown && { municipality: shown.name, publication: config.publication ?? 'besloten', recipients: await store.recipients() });
    } else if (shown) {
      console.log(`De webeditie van ${shown.name}: ${path.join(web, editionSlug(shown.name), 'index.html')} (met --open-houden op een adres)`);
    }
  });
}

/**
 * `--open-houden`: the pages the mails link to served until Ctrl-C, and one municipality's edition
 * entered as its readers enter it, through the reading link of the final's mail to them.
 */
async function keepOpen(env: Config, web: string, sesUrl: string, shown: { municipality: string; publication: Publication; recipients: readonly Recipient[] } | undefined): Promise<void> {
  const pages = await servePages(env, web);
  console.log(`\nDe lokale omgeving blijft aan. Mails zoals SES ze ontving: ${sesUrl}/  (Ctrl-C om te stoppen)`);
  if (pages.moved) console.log(`Let op: poort ${pages.wanted} was bezet; de pagina's staan op ${pages.url}, de links in de mails wijzen naar ${env.LINK_PAGES_URL} en werken dus niet.`);
  if (shown) {
    const { readingLinks } = await import('../../wiring/lezen-dependencies');
    const { reportAddressees } = await import('../../core/mailing-plan');
    const { to, cc } = reportAddressees(shown.recipients, shown.municipality);
    const reading = await readingLinks(env).forMail({ municipality: shown.municipality, emails: [...to, ...cc].map((r) => r.email), publication: shown.publication });
    // The link as the final's mail to that municipality carries it: through it, the reader's cookie opens only this edition.
    if (reading) console.log(`De webeditie van ${shown.municipality}, zoals de lezers uit de mail binnenkomen: ${new URL(new URL(reading.url).pathname, pages.url).href}`);
  }
  try {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  } finally {
    await pages.close();
  }
}

/**
 * The pages the demo's mails link to, on the console's server where LINK_PAGES_URL says (4380 by
 * default): the answer, evaluation, upload and lezen pages, and the web edition behind its reading
 * cookie. A taken port moves it to a free one, and the demo says the mails' links then miss.
 */
async function servePages(env: Config, web: string): Promise<{ url: string; wanted: number; moved: boolean; close: () => Promise<void> }> {
  const { startConsoleServer } = await import('../../console/local-server');
  const { linkPages } = await import('../../wiring/link-pages');
  const { editionGatekeeper } = await import('../../links/edition-gatekeeper');
  const { linkKey } = await import('../../wiring/link-key');
  const { OrganisationStore } = await import('../../adapters/organisation-store');
  const options = {
    // The demo has no console API: only the pages behind personal links and the web edition.
    api: async () => ({ statusCode: 404, headers: {}, body: 'De demo heeft geen console; start die met npm run console.', isBase64Encoded: false }),
    linkPages: linkPages(env),
    editionRoot: web,
    editionGate: editionGatekeeper({ key: () => linkKey(env), organisation: new OrganisationStore(env.TABLE_NAME), now: () => new Date() }),
  };
  const wanted = Number(new URL(env.LINK_PAGES_URL).port) || 80;
  try {
    const server = await startConsoleServer({ ...options, port: wanted });
    return { url: server.url, wanted, moved: false, close: () => server.close() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const server = await startConsoleServer({ ...options, port: 0 });
    return { url: server.url, wanted, moved: true, close: () => server.close() };
  }
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
    .option('--open-houden', 'laat de lokale omgeving aan tot Ctrl-C: de webinbox van de SES-emulator, en op LINK_PAGES_URL (standaard poort 4380) de pagina’s achter de links in de mails en de webeditie', false)
    .option('--map <map>', 'de werkmap voor de gegevens van de omgeving en de outbox', '.rapportbode/demo')
    .action(async (options: { organisatie: string; periode?: string; openHouden: boolean; map: string }) => {
      await demo({ organisationFile: options.organisatie, period: options.periode, keepOpen: options.openHouden, workDir: options.map });
    });
}
