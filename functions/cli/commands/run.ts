import type { Command } from 'commander';
import { printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION, PERIOD_HELP, periodOf, periodOption } from '../options';
import { printRunSummary } from '../run-summary';
import { commandHint } from '../command-hint';

export interface RunOptions {
  /** `YYYY-MM`; the last complete period when not given. */
  readonly period?: string;
  readonly concept: boolean;
  readonly allowIncomplete?: boolean;
  readonly dataDir: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'maak het rapport van een periode en verstuur het: per gemeente een PDF, gearchiveerd en gemaild aan haar AB-leden met de beleidsmedewerkers in Cc; ' +
        'met --concept alleen aan de reviewers, als volgend concept van de periode. Stopt vóór het versturen als er cijfers ontbreken.',
    )
    .option('--periode <JJJJ-MM>', PERIOD_HELP, periodOption)
    .option(
      '--concept',
      'een concept: gaat alleen naar de reviewers (rol reviewer), één mail per gemeente met precies de PDF die haar AB krijgt, gemarkeerd als CONCEPT; ' +
        'genummerd per periode (2026-09-concept-1, dan -2, …); vrijgeven met rapportbode release',
      false,
    )
    .option('--ook-onvolledig', 'maak en verstuur het rapport ook als er cijfers ontbreken; de gaten staan er als "geen gegevens"', false)
    .option(...DATA_DIR_OPTION)
    .action(async (options: { periode?: string; concept: boolean; ookOnvolledig: boolean; map: string }) => {
      await run({ period: options.periode, concept: options.concept, allowIncomplete: options.ookOnvolledig, dataDir: options.map });
    });
}

/** `rapportbode run`: the same run as the scheduled one, against the local stack's data. */
export async function run(options: RunOptions): Promise<void> {
  await withStack(options.dataDir, async () => {
    const { readConfig } = await import('../../adapters/config');
    const { runReportDeps } = await import('../../wiring/dependencies');
    const { runReport } = await import('../../usecases/run-report');
    const { runConcept } = await import('../../usecases/release');
    const { DeliveryLog } = await import('../../adapters/delivery-log');
    const config = readConfig();
    const deps = { ...runReportDeps(config), command: commandHint() };
    const request = { period: await periodOf(options.period), allowIncomplete: options.allowIncomplete };
    // A concept gets the next concept number of the period (2026-09-concept-2 after -1 was sent).
    const summary = options.concept
      ? await runConcept(request, deps, new DeliveryLog(config.TABLE_NAME))
      : await runReport({ ...request, kind: 'final' }, deps);
    if (summary.notStarted) {
      console.log(summary.notStarted);
      return;
    }
    printRunSummary(summary);
    printOutbox(summary.runId);
    if (summary.status !== 'completed') process.exitCode = 1;
  });
}
