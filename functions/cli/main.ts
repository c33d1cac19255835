import { z } from 'zod';
import { DEBUG_VARIABLE, operatorMessage } from './error-message';
import { isHelpShown } from './in-dutch';
import { buildProgram } from './program';

// The SDK warns that its 2027 releases need Node 22; the Lambda runtime is newer, and on an
// operator's machine the notice would only bury the output. It is in the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// An operator reads zod's own messages (a value no schema of ours words itself) in Dutch too;
// the Lambda handlers keep zod's English for their logs.
z.config(z.locales.nl());

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

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // The help is on the screen already; exit code 0 when asked for, 1 for a group without its subcommand.
  if (isHelpShown(error)) process.exitCode = error.exitCode;
  else report(error);
}
