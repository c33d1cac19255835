import type { Command } from 'commander';
import { RECIPIENT_ROLES } from '../../core/organisation';
import { DOOR_HELP, actorOf } from '../actor';
import { checkOutputFile, readInputFile, writeOutputFile } from '../files';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';
import { formatTable } from '../table';

/** Loads the adapters once the stack's endpoints are set (the SDK clients must see them). */
async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { recipientDeps } = await import('../../usecases/operations-dependencies');
  return recipientDeps(readConfig());
}

export function registerRecipients(program: Command): void {
  const recipients = program.command('recipients').description('the recipient list: AB-leden, beleidsmedewerkers and reviewers (every change is recorded)');
  const dir = ['--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR] as const;

  recipients
    .command('list')
    .description('the recipients, per municipality; blocked addresses are marked')
    .option('--gemeente <naam>', 'only this municipality')
    .option('--json', 'as JSON', false)
    .option(...dir)
    .action(async (o: { gemeente?: string; json: boolean; dir: string }) => {
      await withStack(o.dir, async () => {
        const d = await deps();
        const [all, blocked] = await Promise.all([d.store.recipients(), d.store.blockedAddresses()]);
        const wanted = o.gemeente?.toLocaleLowerCase('nl');
        const list = all
          .filter((r) => !wanted || r.municipality?.toLocaleLowerCase('nl') === wanted)
          .sort((a, b) => (a.municipality ?? '~').localeCompare(b.municipality ?? '~') || a.role.localeCompare(b.role) || a.email.localeCompare(b.email))
          .map((r) => ({ ...r, blocked: blocked.find((b) => b.email === r.email) }));
        if (o.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        console.log(
          formatTable(
            ['Gemeente', 'Rol', 'Naam', 'E-mail', 'Geblokkeerd'],
            list.map((r) => [r.municipality ?? '(reviewer)', r.role, r.name, r.email, r.blocked ? `${r.blocked.reason} ${r.blocked.since.slice(0, 10)}: ${r.blocked.detail}` : '']),
          ),
        );
      });
    });

  recipients
    .command('add')
    .description('add a recipient')
    .option('--gemeente <naam>', 'the municipality (not for a reviewer)')
    .requiredOption('--rol <rol>', `${RECIPIENT_ROLES.join(' | ')} (in elke schrijfwijze: AB-lid, Beleidsmedewerker)`)
    .requiredOption('--naam <naam>', 'the name as shown in the mail')
    .requiredOption('--email <adres>', 'the e-mail address')
    .option('--door <naam>', DOOR_HELP)
    .option(...dir)
    .action(async (o: { gemeente?: string; rol: string; naam: string; email: string; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.dir, async () => {
        const { addRecipient } = await import('../../usecases/recipients');
        const r = await addRecipient({ municipality: o.gemeente ?? null, role: o.rol, name: o.naam, email: o.email }, { actor }, await deps());
        console.log(`Toegevoegd: ${r.role} ${r.name} <${r.email}>${r.municipality ? ` voor ${r.municipality}` : ''}.`);
      });
    });

  recipients
    .command('remove')
    .description('remove a recipient')
    .requiredOption('--email <adres>', 'the e-mail address')
    .option('--gemeente <naam>', 'which municipality, when the address is on the list for several')
    .option('--door <naam>', DOOR_HELP)
    .option(...dir)
    .action(async (o: { email: string; gemeente?: string; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.dir, async () => {
        const { removeRecipient } = await import('../../usecases/recipients');
        const r = await removeRecipient(o.email, o.gemeente, { actor }, await deps());
        console.log(`Removed ${r.role} ${r.name} <${r.email}>${r.municipality ? ` for ${r.municipality}` : ''}.`);
      });
    });

  recipients
    .command('import')
    .description('vervang de hele lijst door een CSV-bestand (gemeente;rol;naam;email), alles of niets; wie eraf zou gaan wordt genoemd en pas met --bevestig verwijderd')
    .argument('<file>', 'CSV-bestand: ";" of "," als scheidingsteken, UTF-8 (met of zonder BOM) of Windows-1252, kopregel met gemeente, rol, naam en email (of e-mail)')
    .option('--bevestig', 'ook ontvangers verwijderen die niet in het bestand staan', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...dir)
    .action(async (file: string, o: { bevestig: boolean; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      const bytes = await readInputFile(file);
      await withStack(o.dir, async () => {
        const { ENCODING_NAMES } = await import('../../core/csv-reader');
        const { describeRecipient } = await import('../../core/recipient-validation');
        const { importRecipients } = await import('../../usecases/recipients');
        const result = await importRecipients({ name: file, bytes }, { actor, confirmRemoval: o.bevestig }, await deps());
        const read = `tekenset ${ENCODING_NAMES[result.encoding]}, scheidingsteken ${result.delimiter}`;
        console.log(`Ingelezen: ${file} (${read}): ${result.added.length} toegevoegd, ${result.changed.length} gewijzigd, ${result.removed.length} verwijderd, ${result.unchanged} ongewijzigd.`);
        for (const r of result.removed) console.log(`  verwijderd: ${describeRecipient(r)}`);
      });
    });

  recipients
    .command('export')
    .description('the list as CSV, in the form import reads')
    .argument('[file]', 'write to this file instead of standard output')
    .option(...dir)
    .action(async (file: string | undefined, o: { dir: string }) => {
      if (file) await checkOutputFile(file);
      await withStack(o.dir, async () => {
        const { recipientsToCsv } = await import('../../core/recipient-validation');
        const csv = recipientsToCsv(await (await deps()).store.recipients());
        if (file) await writeOutputFile(file, csv);
        else process.stdout.write(csv);
      });
    });

  recipients
    .command('clear-bounce')
    .description('let an address that bounced or complained get mail again')
    .requiredOption('--email <adres>', 'the e-mail address')
    .option('--door <naam>', DOOR_HELP)
    .option(...dir)
    .action(async (o: { email: string; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.dir, async () => {
        const { clearBlock } = await import('../../usecases/recipients');
        await clearBlock(o.email, { actor }, await deps());
        console.log(`${o.email.trim().toLowerCase()} gets mail again from the next run.`);
      });
    });

  recipients
    .command('history')
    .description('every recorded change: who added, removed, blocked or re-sent what, and when')
    .option('--email <adres>', 'only changes about this address')
    .option('--gemeente <naam>', 'only changes about this municipality')
    .option('--json', 'as JSON', false)
    .option(...dir)
    .action(async (o: { email?: string; gemeente?: string; json: boolean; dir: string }) => {
      await withStack(o.dir, async () => {
        const entries = (await (await deps()).recipientStore.history()).filter(
          (e) =>
            (!o.email || e.email === o.email.trim().toLowerCase()) &&
            (!o.gemeente || e.municipality?.toLocaleLowerCase('nl') === o.gemeente.trim().toLocaleLowerCase('nl')),
        );
        if (o.json) console.log(JSON.stringify(entries, null, 2));
        else console.log(formatTable(['Wanneer', 'Door', 'Wat', 'Gemeente', 'E-mail', 'Toelichting'], entries.map((e) => [e.at, e.actor, e.action, e.municipality ?? '', e.email ?? '', e.detail])));
      });
    });
}
