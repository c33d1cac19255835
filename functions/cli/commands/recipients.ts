import type { Command } from 'commander';
import { RECIPIENT_ROLES } from '../../core/organisation';
import { DOOR_HELP, actorOf } from '../actor';
import { checkOutputFile, readInputFile, writeOutputFile } from '../files';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';
import { AUDIT_ACTION_NL, SEND_STATUS_NL, dutch, timeNl } from '../../core/words-nl';
import { formatTable } from '../table';
import { commandHint } from '../command-hint';

/** Loads the adapters once the stack's endpoints are set (the SDK clients must see them). */
async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { recipientDeps } = await import('../../wiring/operations-dependencies');
  return recipientDeps(readConfig());
}

export function registerRecipients(program: Command): void {
  const recipients = program
    .command('recipients')
    .alias('ontvangers')
    .description('de ontvangerslijst: AB-leden (Aan), beleidsmedewerkers (Cc), reviewers en gbo-leden (het concept); elke wijziging wordt vastgelegd met wie en wanneer');

  recipients
    .command('list')
    .description('de ontvangers per gemeente, de reviewers apart; geblokkeerde adressen (onbestelbaar, klacht) gemarkeerd')
    .option('--gemeente <naam>', 'alleen deze gemeente')
    .option('--json', 'als JSON', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { gemeente?: string; json: boolean; map: string }) => {
      await withStack(o.map, async () => {
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
            list.map((r) => [r.municipality ?? '(reviewer)', r.role, r.name, r.email, r.blocked ? `${dutch(SEND_STATUS_NL, r.blocked.reason)} sinds ${timeNl(r.blocked.since)}: ${r.blocked.detail}` : '']),
          ),
        );
      });
    });

  recipients
    .command('add')
    .description('zet één ontvanger op de lijst (een reviewer zonder --gemeente)')
    .option('--gemeente <naam>', 'de gemeente (niet bij een reviewer)')
    .requiredOption('--rol <rol>', `${RECIPIENT_ROLES.join(' | ')} (in elke schrijfwijze: AB-lid, Beleidsmedewerker)`)
    .requiredOption('--naam <naam>', 'de naam zoals die in de mail staat')
    .requiredOption('--email <adres>', 'het e-mailadres')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { gemeente?: string; rol: string; naam: string; email: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.map, async () => {
        const { addRecipient } = await import('../../usecases/recipients');
        const r = await addRecipient({ municipality: o.gemeente ?? null, role: o.rol, name: o.naam, email: o.email }, { actor }, await deps());
        console.log(`Toegevoegd: ${r.role} ${r.name} <${r.email}>${r.municipality ? ` voor ${r.municipality}` : ''}.`);
      });
    });

  recipients
    .command('remove')
    .description('haal één ontvanger van de lijst')
    .requiredOption('--email <adres>', 'het e-mailadres')
    .option('--gemeente <naam>', 'welke gemeente, als het adres voor meer gemeenten op de lijst staat')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { email: string; gemeente?: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.map, async () => {
        const { removeRecipient } = await import('../../usecases/recipients');
        const r = await removeRecipient(o.email, o.gemeente, { actor }, await deps());
        console.log(`Verwijderd: ${r.role} ${r.name} <${r.email}>${r.municipality ? ` voor ${r.municipality}` : ''}.`);
      });
    });

  recipients
    .command('import')
    .description('vervang de hele lijst door een CSV-bestand (gemeente;rol;naam;email), alles of niets; wie eraf zou gaan wordt genoemd en pas met --bevestig verwijderd')
    .argument('<bestand>', 'CSV-bestand: ";" of "," als scheidingsteken, UTF-8 (met of zonder BOM) of Windows-1252, kopregel met gemeente, rol, naam en email (of e-mail)')
    .option('--bevestig', 'ook ontvangers verwijderen die niet in het bestand staan', false)
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (file: string, o: { bevestig: boolean; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      const bytes = await readInputFile(file);
      await withStack(o.map, async () => {
        const { ENCODING_NAMES } = await import('../../core/csv-reader');
        const { describeRecipient } = await import('../../core/recipient-validation');
        const { importRecipients } = await import('../../usecases/recipients');
        const result = await importRecipients({ name: file, bytes }, { actor, confirmRemoval: o.bevestig }, { ...(await deps()), command: commandHint() });
        const read = `tekenset ${ENCODING_NAMES[result.encoding]}, scheidingsteken ${result.delimiter}`;
        console.log(`Ingelezen: ${file} (${read}): ${result.added.length} toegevoegd, ${result.changed.length} gewijzigd, ${result.removed.length} verwijderd, ${result.unchanged} ongewijzigd.`);
        for (const r of result.removed) console.log(`  verwijderd: ${describeRecipient(r)}`);
      });
    });

  recipients
    .command('export')
    .description('schrijf de lijst als CSV zoals import hem leest (gemeente;rol;naam;email, met BOM); een cel die een spreadsheet als formule zou uitvoeren krijgt een \' ervoor')
    .argument('[bestand]', 'het bestand om te schrijven; zonder: naar het scherm')
    .option(...DATA_DIR_OPTION)
    .action(async (file: string | undefined, o: { map: string }) => {
      if (file) await checkOutputFile(file);
      await withStack(o.map, async () => {
        const { recipientsToCsv } = await import('../../core/recipient-validation');
        const csv = recipientsToCsv(await (await deps()).store.recipients());
        if (file) await writeOutputFile(file, csv);
        else process.stdout.write(csv);
      });
    });

  recipients
    .command('clear-bounce')
    .description('laat een adres dat onbestelbaar was of een klacht gaf weer mail krijgen, nadat het is verbeterd of bevestigd')
    .requiredOption('--email <adres>', 'het e-mailadres')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { email: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.map, async () => {
        const { clearBlock } = await import('../../usecases/recipients');
        await clearBlock(o.email, { actor }, await deps());
        console.log(`${o.email.trim().toLowerCase()} krijgt vanaf de volgende run weer mail.`);
      });
    });

  recipients
    .command('history')
    .description('elke vastgelegde wijziging: wie wat toevoegde, verwijderde, blokkeerde, vrijgaf of opnieuw verstuurde, en wanneer')
    .option('--email <adres>', 'alleen wijzigingen over dit adres')
    .option('--gemeente <naam>', 'alleen wijzigingen over deze gemeente')
    .option('--json', 'als JSON (zoals opgeslagen: tijden in UTC, acties in het Engels)', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { email?: string; gemeente?: string; json: boolean; map: string }) => {
      await withStack(o.map, async () => {
        const entries = (await (await deps()).recipientStore.history()).filter(
          (e) =>
            (!o.email || e.email === o.email.trim().toLowerCase()) &&
            (!o.gemeente || e.municipality?.toLocaleLowerCase('nl') === o.gemeente.trim().toLocaleLowerCase('nl')),
        );
        if (o.json) console.log(JSON.stringify(entries, null, 2));
        else console.log(formatTable(['Wanneer', 'Door', 'Wat', 'Gemeente', 'E-mail', 'Toelichting'], entries.map((e) => [timeNl(e.at), e.actor, dutch(AUDIT_ACTION_NL, e.action), e.municipality ?? '', e.email ?? '', e.detail])));
      });
    });
}
