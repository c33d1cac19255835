import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import { formatBytes } from '../../core/format';
import { periodId, periodLabelNl } from '../../core/periods';
import { MAX_IMAGE_FILE_BYTES, MUNICIPALITY_SECTION, ORGANISATION_SECTIONS, imageTooLarge } from '../../core/report-images';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { inputFileSize, readInputFile } from '../files';
import { DATA_DIR_OPTION, PERIOD_REQUIRED, periodOf } from '../options';
import { formatTable } from '../table';
import { timeNl } from '../../core/words-nl';

/** Loads the adapters once the stack's endpoints are set (the SDK clients must see them). */
async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { imageDeps } = await import('../../wiring/image-dependencies');
  const { RecipientStore } = await import('../../adapters/recipient-store');
  const config = readConfig();
  return imageDeps(config, new RecipientStore(config.TABLE_NAME));
}

export function registerImages(program: Command): void {
  const images = program
    .command('images')
    .alias('afbeeldingen')
    .description('afbeeldingen in het rapport van een periode (schermafdrukken van dashboards, grafieken uit de Divosa-benchmark), met alt-tekst en bron');

  images
    .command('add')
    .description(
      'voeg een PNG of JPEG toe aan een sectie van het rapport van een periode, of met --gemeente aan de alinea van één gemeente; ' +
        'met de alt-tekst (voorgelezen in plaats van de afbeelding) en "Bron: …" eronder; groter dan de pagina nodig heeft wordt hij verkleind (en dat wordt gemeld)',
    )
    .argument('<bestand>', `de afbeelding, PNG of JPEG, hoogstens ${formatBytes(MAX_IMAGE_FILE_BYTES)}`)
    .requiredOption(...PERIOD_REQUIRED)
    .option('--sectie <sectie>', `${ORGANISATION_SECTIONS.join(' | ')} (het deel over de organisatie), of ${MUNICIPALITY_SECTION} met --gemeente`)
    .option('--gemeente <naam>', 'een gemeente: de afbeelding komt in haar eigen alinea, en alleen in haar rapport')
    .requiredOption('--alt <tekst>', 'de tekst die wordt voorgelezen aan wie de afbeelding niet kan zien')
    .requiredOption('--bron <tekst>', 'de bron, onder de afbeelding als "Bron: …"')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (file: string, o: { periode: string; sectie?: string; gemeente?: string; alt: string; bron: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      const bytes = await readImageFile(file);
      await withStack(o.map, async () => {
        const period = await periodOf(o.periode);
        const { addImage } = await import('../../usecases/images');
        const added = await addImage(
          { period: period, file: { name: path.basename(file), bytes }, section: o.sectie, municipality: o.gemeente, alt: o.alt, source: o.bron, actor },
          await deps(),
        );
        const { record, scaledFrom } = added;
        const where = record.municipality ? `de alinea van ${record.municipality}` : `sectie ${record.section}`;
        console.log(`Afbeelding ${record.id} toegevoegd aan ${periodLabelNl(period)} (${record.period}), ${where}: ${record.width}×${record.height} ${record.contentType === 'image/png' ? 'PNG' : 'JPEG'}, ${formatBytes(record.size)}.`);
        if (scaledFrom) console.log(`Verkleind van ${scaledFrom.width}×${scaledFrom.height} tot ${record.width}×${record.height}, zodat hij op de pagina past.`);
        for (const warning of added.warnings) console.log(`Waarschuwing: ${warning}`);
      });
    });

  images
    .command('list')
    .description('de afbeeldingen in het rapport van een periode, in de volgorde waarin ze er staan')
    .requiredOption(...PERIOD_REQUIRED)
    .option('--json', 'als JSON', false)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { periode: string; json: boolean; map: string }) => {
      await withStack(o.map, async () => {
        const period = await periodOf(o.periode);
        const { listImages } = await import('../../usecases/images');
        const list = await listImages(period, await deps());
        if (o.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) {
          console.log(`Er zijn geen afbeeldingen in ${periodLabelNl(period)} (${periodId(period)}).`);
          return;
        }
        console.log(
          formatTable(
            ['Id', 'Sectie', 'Gemeente', 'Afmeting', 'Grootte', 'Alt', 'Bron', 'Door', 'Op'],
            list.map((i) => [i.id, i.section, i.municipality ?? '', `${i.width}×${i.height}`, formatBytes(i.size), i.alt, i.source, i.addedBy, timeNl(i.addedAt)]),
          ),
        );
      });
    });

  images
    .command('remove')
    .description('haal een afbeelding uit het rapport van een periode (en uit de bucket)')
    .requiredOption(...PERIOD_REQUIRED)
    .requiredOption('--id <id>', 'het id dat images list toont')
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (o: { periode: string; id: string; door?: string; map: string }) => {
      const actor = actorOf(o.door);
      await withStack(o.map, async () => {
        const period = await periodOf(o.periode);
        const { removeImage } = await import('../../usecases/images');
        const removed = await removeImage(period, o.id, actor, await deps());
        console.log(`Afbeelding ${removed.id} verwijderd uit ${periodLabelNl(period)} (${periodId(period)}).`);
      });
    });
}

/** Reads the file, refusing one over the size cap before reading it. */
async function readImageFile(file: string): Promise<Uint8Array> {
  const size = await inputFileSize(file);
  if (size > MAX_IMAGE_FILE_BYTES) throw new InvalidInputError(`de afbeelding is niet toegevoegd: ${imageTooLarge(path.basename(file), size)}`);
  return readInputFile(file);
}
