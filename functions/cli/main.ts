import { Command, InvalidArgumentError } from 'commander';

// The SDK warns that its 2027 releases need Node 22; the Lambda runtime is newer, and on an
// operator's machine the notice would only bury the output. It is in the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { RapportbodeError } from '../core/errors';
import { type Period, lastCompletePeriod, parsePeriod } from '../core/periods';
import { demo } from './demo';
import { run } from './run';

function periodOption(value: string): Period {
  try {
    return parsePeriod(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

const PERIOD_HELP = 'period by its first month, YYYY-MM with an odd month (default: the last complete period)';

const program = new Command()
  .name('rapportbode')
  .description('Bimonthly report of the werkbedrijf: aggregate the figures, render the PDF, mail it through SES.')
  .showHelpAfterError();

program
  .command('demo')
  .description('run a complete bimonthly mailing of the demo organisation on an embedded local stack')
  .option('--period <YYYY-MM>', PERIOD_HELP, periodOption)
  .option('--keep-open', 'keep the local stack running (with the SES web inbox) until Ctrl-C', false)
  .option('--dir <path>', 'working folder for the stack data and the outbox', '.rapportbode/demo')
  .action(async (options: { period?: Period; keepOpen: boolean; dir: string }) => {
    await demo({ period: options.period ?? lastCompletePeriod(new Date()), keepOpen: options.keepOpen, workDir: options.dir });
  });

program
  .command('run')
  .description('run the bimonthly report for a period: render, archive and mail it')
  .option('--period <YYYY-MM>', PERIOD_HELP, periodOption)
  .option('--concept', 'concept run: marked CONCEPT', false)
  .option('--dir <path>', 'data folder of the local stack', '.rapportbode/local')
  .action(async (options: { period?: Period; concept: boolean; dir: string }) => {
    await run({ period: options.period ?? lastCompletePeriod(new Date()), concept: options.concept, dataDir: options.dir });
  });

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
