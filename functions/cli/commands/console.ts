import { InvalidArgumentError, type Command } from 'commander';
import { withLocalStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';

function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`poort "${value}" is geen getal van 0 tot 65535`);
  return port;
}

/**
 * `rapportbode console`: the local stack, the local OpenID Connect provider and the console on
 * loopback, until Ctrl-C. On an empty stack it first loads the demo organisation with generated
 * data and lets the cycle send the concept of the last complete period, so there is something to
 * review, release and re-send.
 */
export function registerConsole(program: Command): void {
  program
    .command('console')
    .description('de webconsole voor beheerders en lezers, lokaal: de lokale omgeving, een lokale OpenID Connect-provider en de console op loopback, tot Ctrl-C')
    .option(...DATA_DIR_OPTION)
    .option('--poort <poort>', 'de poort van de console op 127.0.0.1; zonder: een vrije poort', portOption)
    .action(async (o: { map: string; poort?: number }) => {
      await withLocalStack(o.map, async (stack) => {
        const { seedWhenEmpty } = await import('../../console/seed');
        const seeded = await seedWhenEmpty();
        if (seeded) console.log(seeded);
        const { startLocalConsole } = await import('../../console/local-console');
        const consoleApp = await startLocalConsole({ port: o.poort ?? 0 });
        // Stop the provider by pid as soon as a signal comes: the stack's own handler exits the process after its emulators.
        const stop = () => process.kill(consoleApp.oidcPid, 'SIGTERM');
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          console.log(`
De console draait: ${consoleApp.url}/

Inloggen (lokale OpenID Connect-provider, ${consoleApp.issuer}):
  als beheerder: gebruikersnaam "beheerder" (of beheerder.<uw naam>), een willekeurig wachtwoord
  als lezer:     gebruikersnaam "lezer" (of lezer.<uw naam>), een willekeurig wachtwoord
Mails zoals SES ze ontving: ${stack.endpoints.ses}/
Gegevens: ${o.map}

Ctrl-C stopt de console, de provider en de emulatoren.`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await consoleApp.close();
        }
      });
    });
}
