import { Command } from 'commander';
import { registerBench } from './commands/bench';
import { registerCommentary } from './commands/commentary';
import { registerConsole } from './commands/console';
import { registerCycle } from './commands/cycle';
import { registerDeliveries } from './commands/deliveries';
import { registerDemo } from './commands/demo';
import { registerGoals } from './commands/goals';
import { registerImages } from './commands/images';
import { registerImport } from './commands/import';
import { registerMunicipalities } from './commands/municipalities';
import { registerOrganisation } from './commands/organisation';
import { registerRecipients } from './commands/recipients';
import { registerRelease } from './commands/release';
import { registerResend } from './commands/resend';
import { registerRun } from './commands/run';
import { DEBUG_VARIABLE, operatorMessage } from './error-message';

// The SDK warns that its 2027 releases need Node 22; the Lambda runtime is newer, and on an
// operator's machine the notice would only bury the output. It is in the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`rapportbode runs | head -1`) closes the pipe: the work goes on and
// ends as it would, only its further output has nowhere to go. Anything else on stdout is reported.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') report(error);
});
process.stderr.on('error', () => {
  // Nowhere left to say anything; the exit code still tells.
});

/** One line for the operator, exit code 1; the stack only when asked for (a bug to report). */
function report(error: unknown): void {
  const { message, expected } = operatorMessage(error);
  console.error(`rapportbode: ${message}`);
  if (!expected && process.env[DEBUG_VARIABLE]) console.error(error);
  process.exitCode = 1;
}

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
registerGoals(program);
registerCommentary(program);
registerImages(program);
registerConsole(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  report(error);
}
