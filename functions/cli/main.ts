import { Command } from 'commander';
import { RapportbodeError } from '../core/errors';
import { registerBench } from './commands/bench';
import { registerCommentary } from './commands/commentary';
import { registerConsole } from './commands/console';
import { registerCycle } from './commands/cycle';
import { registerDeliveries } from './commands/deliveries';
import { registerDemo } from './commands/demo';
import { registerImages } from './commands/images';
import { registerImport } from './commands/import';
import { registerMunicipalities } from './commands/municipalities';
import { registerOrganisation } from './commands/organisation';
import { registerRecipients } from './commands/recipients';
import { registerRelease } from './commands/release';
import { registerResend } from './commands/resend';
import { registerRun } from './commands/run';

// The SDK warns that its 2027 releases need Node 22; the Lambda runtime is newer, and on an
// operator's machine the notice would only bury the output. It is in the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command()
  .name('rapportbode')
  .description('Bimonthly report of the werkbedrijf: aggregate the figures, render the PDF, mail it through SES.')
  .showHelpAfterError();

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
registerCommentary(program);
registerImages(program);
registerConsole(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected errors carry a message meant for the operator; anything else is a bug worth its stack.
  if (error instanceof RapportbodeError) {
    console.error(`rapportbode: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
