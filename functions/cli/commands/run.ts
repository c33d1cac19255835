import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import { DOOR_HELP, actorOf } from '../actor';
import { printOutbox, withStack } from '../local-session';
import { DATA_DIR_OPTION, PERIOD_HELP, periodOf, periodOption } from '../options';
import { printRunSummary } from '../run-summary';
import { commandHint } from '../command-hint';
import { printEdition } from './web';
import type { RunSummary } from '../../usecases/run-report';
import type { EditionOutcome } from '../../usecases/web-edition';

export interface RunOptions {
  /** `YYYY-MM`; the last complete period when not given. */
  readonly period?: string;
  readonly concept: boolean;
  readonly allowIncomplete?: boolean;
  /** `--zonder-concept --reden TEKST`: a final although no concept of the period was reviewed. */
  readonly withoutConcept?: { readonly reason: string };
  readonly actor?: string;
  readonly dataDir: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'maak het rapport van een periode en verstuur het: per gemeente een PDF, gearchiveerd en gemaild aan haar AB-leden met de beleidsmedewerkers in Cc; ' +
        'met --concept alleen aan de reviewers en gbo-leden (ieder een eigen mail met een persoonlijke link om te reageren), als volgend concept van de periode. Stopt vóór het versturen als er cijfers ontbreken.',
    )
    .option('--periode <JJJJ-MM>', PERIOD_HELP, periodOption)
    .option(
      '--concept',
      'een concept: gaat alleen naar de reviewers (rol reviewer), één mail per gemeente met precies de PDF die haar AB krijgt, gemarkeerd als CONCEPT; ' +
        'genummerd per periode (2026-09-concept-1, dan -2, …); vrijgeven met rapportbode release. Zonder --concept gaat de definitieve versie alleen uit als er een concept is gereviewd',
      false,
    )
    .option('--ook-onvolledig', 'maak en verstuur het rapport ook als er cijfers ontbreken; de gaten staan er als "geen gegevens"', false)
    .option('--zonder-concept', 'verstuur de definitieve versie ook als er geen concept van de periode is gereviewd; vraagt --reden en wordt vastgelegd in het logboek', false)
    .option('--reden <tekst>', 'waarom de definitieve versie zonder gereviewd concept uitgaat (bij --zonder-concept)')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (options: { periode?: string; concept: boolean; ookOnvolledig: boolean; zonderConcept: boolean; reden?: string; door?: string; map: string }) => {
      if (options.zonderConcept && options.concept) throw new InvalidInputError('kies --concept of --zonder-concept, niet allebei; zie rapportbode run --help');
      if (options.zonderConcept && !options.reden?.trim()) throw new InvalidInputError('--zonder-concept vraagt een reden: geef met --reden TEKST waarom de definitieve versie zonder concept uitgaat');
      if (options.reden !== undefined && !options.zonderConcept) throw new InvalidInputError('--reden hoort bij --zonder-concept; zie rapportbode run --help');
      const withoutConcept = options.zonderConcept ? { reason: options.reden ?? '' } : undefined;
      await run({ period: options.periode, concept: options.concept, allowIncomplete: options.ookOnvolledig, withoutConcept, actor: actorOf(options.door), dataDir: options.map });
    });
}

/** `rapportbode run`: the same run as the scheduled one, against the local stack's data. */
export async function run(options: RunOptions): Promise<void> {
  await withStack(options.dataDir, async () => {
    const { readConfig } = await import('../../adapters/config');
    const { releaseDeps } = await import('../../wiring/dependencies');
    const { runConcept, runFinal } = await import('../../usecases/release');
    const wired = releaseDeps(readConfig());
    const deps = { ...wired, run: { ...wired.run, command: commandHint() }, command: commandHint() };
    const request = { period: await periodOf(options.period), allowIncomplete: options.allowIncomplete };
    // A concept gets the next concept number of the period (2026-09-concept-2 after -1 was sent);
    // a final only after a reviewed concept, or --zonder-concept.
    const summary: RunSummary & { readonly edition?: EditionOutcome } = options.concept
      ? await runConcept(request, deps.run, deps.log)
      : await runFinal(request, options.actor ?? actorOf(undefined), deps, options.withoutConcept ? { withoutConcept: options.withoutConcept } : {});
    if (summary.notStarted) {
      console.log(summary.notStarted);
      return;
    }
    printRunSummary(summary);
    printOutbox(summary.runId);
    printEdition(summary.edition);
    if (summary.status !== 'completed') process.exitCode = 1;
  });
}
