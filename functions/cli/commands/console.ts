import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_LINK_PAGES_PORT, readConfig } from '../../adapters/config';
import { RapportbodeError } from '../../core/errors';
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
 *
 * The console also serves the pages personal links open (answers to a concept, …), so it listens
 * on port 4380, the address mails name by default (LINK_PAGES_URL). When that port is taken the
 * command stops rather than moving to a free one: mails already sent, and the mails of every other
 * command (`cycle`, `run`), name 4380 and would point at whatever holds it. `--poort N` moves the
 * console and, unless LINK_PAGES_URL is set, the links in the mails this process sends.
 */
export function registerConsole(program: Command): void {
  program
    .command('console')
    .description(`de webconsole voor beheerders en lezers, lokaal: de lokale omgeving, een lokale OpenID Connect-provider en de console op loopback (poort ${DEFAULT_LINK_PAGES_PORT}, ook de pagina's achter de persoonlijke links in de mails), tot Ctrl-C`)
    .option(...DATA_DIR_OPTION)
    .option('--poort <poort>', `de poort van de console op 127.0.0.1 (standaard ${DEFAULT_LINK_PAGES_PORT}, het adres van de links in de mails)`, portOption)
    .action(async (o: { map: string; poort?: number }) => {
      const port = o.poort ?? DEFAULT_LINK_PAGES_PORT;
      // The mails this process sends (the demo's concept, releases) link to where it listens.
      if (o.poort && !process.env.LINK_PAGES_URL) process.env.LINK_PAGES_URL = `http://127.0.0.1:${o.poort}`;
      await withLocalStack(o.map, async (stack) => {
        const { startLocalConsole } = await import('../../console/local-console');
        const consoleApp = await startLocalConsole({ port }).catch((error: unknown) => {
          throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUse(port) : error;
        });
        // Stop the provider by pid as soon as a signal comes: the stack's own handler exits the process after its emulators.
        const stop = () => process.kill(consoleApp.oidcPid, 'SIGTERM');
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          // Seeded once the console listens: the demo's concept mails then link to a page that is there.
          const { seedWhenEmpty } = await import('../../console/seed');
          const seeded = await seedWhenEmpty();
          if (seeded) console.log(seeded);
          console.log(`
De console draait: ${consoleApp.url}/
${linkPagesNote(consoleApp.url)}
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

function portInUse(port: number): RapportbodeError {
  return new RapportbodeError(
    `poort ${port} op 127.0.0.1 is al in gebruik (draait de console al, bijvoorbeeld in een ander venster?). ` +
      `Stop dat programma, of kies een andere poort met --poort <poort> en zet LINK_PAGES_URL=http://127.0.0.1:<poort> ook voor de andere commando's (cycle, run), zodat de links in de mails naar deze console wijzen.`,
  );
}

/** Where the link pages are, and a warning when the mails name another address than this console. */
function linkPagesNote(consoleUrl: string): string {
  const mails = readConfig().LINK_PAGES_URL.replace(/\/+$/, '');
  if (new URL(mails).origin === new URL(consoleUrl).origin) return `Pagina's achter de persoonlijke links in de mails (reactie op een concept, …): ${consoleUrl}/antwoord/…\n`;
  return `Let op: de links in de mails wijzen naar ${mails} (LINK_PAGES_URL), niet naar deze console (${consoleUrl}). Zet LINK_PAGES_URL=${consoleUrl} of start de console met de poort van dat adres.\n`;
}
