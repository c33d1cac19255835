import { Command } from 'commander';
import { registerBench } from './commands/bench';
import { registerCommentary } from './commands/commentary';
import { registerConsole } from './commands/console';
import { registerCycle } from './commands/cycle';
import { registerDeliveries } from './commands/deliveries';
import { registerDemo } from './commands/demo';
import { registerEvaluation } from './commands/evaluation';
import { registerGoals } from './commands/goals';
import { registerImages } from './commands/images';
import { registerImport } from './commands/import';
import { registerMunicipalities } from './commands/municipalities';
import { registerOrganisation } from './commands/organisation';
import { registerRecipients } from './commands/recipients';
import { registerRelease } from './commands/release';
import { registerResend } from './commands/resend';
import { registerRun } from './commands/run';
import { registerWeb } from './commands/web';
import { rememberOperatorOptions } from './command-hint';
import { inDutch } from './in-dutch';

/**
 * The `rapportbode` command with every subcommand, in Dutch; nothing runs until it is parsed.
 * Apart from main.ts so a test can read every `--help` in one process.
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('rapportbode')
    .description('het rapport van het werkbedrijf: cijfers inlezen, het rapport per gemeente als PDF maken en via SES mailen, en alles wat de operators daarvoor beheren')
    // A command's options belong to the word before them: `cycle status --map x` gives --map to
    // status, not to cycle, which declares the same option (inherited by every command below).
    .enablePositionalOptions();
  program.hook('preAction', (root, action) => rememberOperatorOptions(root, action));

  // One module per command (functions/cli/commands), each registering itself here.
  registerDemo(program);
  registerOrganisation(program);
  registerRun(program);
  registerCycle(program);
  registerBench(program);
  registerRecipients(program);
  registerMunicipalities(program);
  registerRelease(program);
  registerResend(program);
  registerDeliveries(program);
  registerImport(program);
  registerGoals(program);
  registerCommentary(program);
  registerImages(program);
  registerEvaluation(program);
  registerConsole(program);
  registerWeb(program);
  return inDutch(program);
}
