import { reportError, runRapportbode } from './run-cli';

// The SDK warns that its 2027 releases need Node 22; the Lambda runtime is newer, and on an
// operator's machine the notice would only bury the output. It is in the README instead.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`rapportbode runs | head -1`) closes the pipe: the work goes on and
// ends as it would, only its further output has nowhere to go. Anything else on stdout is reported.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.exitCode = reportError(error);
});
process.stderr.on('error', () => {
  // Nowhere left to say anything; the exit code still tells.
});

// The command's work is in run-cli.ts, so the tests can run it inside their own process.
process.exitCode = await runRapportbode(process.argv.slice(2));
