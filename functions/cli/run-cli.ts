import { z } from 'zod';
import { forgetOperatorOptions } from './command-hint';
import { DEBUG_VARIABLE, operatorMessage } from './error-message';
import { isHelpShown } from './in-dutch';
import { buildProgram } from './program';

/**
 * One `rapportbode` command, from the operator's arguments (without node and the script) to its
 * exit code: what main.ts runs for an operator, and what the tests run inside their own process.
 * The commands say a run did not complete through process.exitCode; that is read back here, and
 * process.exitCode and zod's locale are left as they were found.
 */
export async function runRapportbode(args: readonly string[]): Promise<number> {
  const exitCodeBefore = process.exitCode;
  const localeBefore = z.config().localeError;
  process.exitCode = undefined;
  // An operator reads zod's own messages (a value no schema of ours words itself) in Dutch too;
  // the Lambda handlers keep zod's English for their logs.
  z.config(z.locales.nl());
  try {
    await buildProgram().parseAsync([...args], { from: 'user' });
  } catch (error) {
    // The help is on the screen already; exit code 0 when asked for, 1 for a group without its subcommand.
    if (isHelpShown(error)) process.exitCode = error.exitCode;
    else process.exitCode = reportError(error);
  } finally {
    z.config({ localeError: localeBefore });
    forgetOperatorOptions();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = exitCodeBefore;
  return code;
}

/** One line for the operator, exit code 1; the stack only when asked for (a bug to report). */
export function reportError(error: unknown): number {
  const { message, expected } = operatorMessage(error);
  console.error(`rapportbode: ${message}`);
  if (!expected && process.env[DEBUG_VARIABLE]) console.error(error);
  return 1;
}
