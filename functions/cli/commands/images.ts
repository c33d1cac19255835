import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors';
import { formatBytes } from '../../core/format';
import { periodId, periodLabelNl } from '../../core/periods';
import { MAX_IMAGE_FILE_BYTES, MUNICIPALITY_SECTION, ORGANISATION_SECTIONS } from '../../core/report-images';
import { DOOR_HELP, actorOf } from '../actor';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR, periodOf, periodOption } from '../options';
import { formatTable } from '../table';

/** Loads the adapters once the stack's endpoints are set (the SDK clients must see them). */
async function deps() {
  const { readConfig } = await import('../../adapters/config');
  const { imageDeps } = await import('../../usecases/image-dependencies');
  return imageDeps(readConfig());
}

const PERIOD = ['--period <YYYY-MM>', 'periode, genoemd naar haar eerste maand: JJJJ-MM', periodOption] as const;
const DIR = ['--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR] as const;

export function registerImages(program: Command): void {
  const images = program
    .command('images')
    .description("images in a period's report (screenshots of dashboards, graphs from the Divosa benchmark), with alt text and source");

  images
    .command('add')
    .description(`add a PNG or JPEG to a section of a period's report; wider than the page needs, it is scaled down (and says so)`)
    .argument('<file>', `the image, PNG or JPEG, at most ${formatBytes(MAX_IMAGE_FILE_BYTES)}`)
    .requiredOption(...PERIOD)
    .option('--sectie <sectie>', `${ORGANISATION_SECTIONS.join(' | ')} (organisation part), or ${MUNICIPALITY_SECTION} with --gemeente`)
    .option('--gemeente <naam>', "a municipality: the image goes in its own paragraph and only in its report")
    .requiredOption('--alt <tekst>', 'the text alternative, read out to readers who cannot see the image (Dutch)')
    .requiredOption('--bron <tekst>', 'the source, printed under the image as "Bron: …"')
    .option('--door <naam>', DOOR_HELP)
    .option(...DIR)
    .action(async (file: string, o: { period: string; sectie?: string; gemeente?: string; alt: string; bron: string; door?: string; dir: string }) => {
      const actor = actorOf(o.door);
      const bytes = await readImageFile(file);
      await withStack(o.dir, async () => {
        const period = await periodOf(o.period);
        const { addImage } = await import('../../usecases/images');
        const added = await addImage(
          { period: period, file: { name: path.basename(file), bytes }, section: o.sectie, municipality: o.gemeente, alt: o.alt, source: o.bron, actor },
          await deps(),
        );
        const { record, scaledFrom } = added;
        const where = record.municipality ? `the paragraph of ${record.municipality}` : `section ${record.section}`;
        console.log(`Image ${record.id} added to ${periodLabelNl(period)} (${record.period}), ${where}: ${record.width}×${record.height} ${record.contentType === 'image/png' ? 'PNG' : 'JPEG'}, ${formatBytes(record.size)}.`);
        if (scaledFrom) console.log(`Scaled from ${scaledFrom.width}×${scaledFrom.height} to ${record.width}×${record.height} to fit the page.`);
        for (const warning of added.warnings) console.log(`Warning: ${warning}`);
      });
    });

  images
    .command('list')
    .description("the images in a period's report, in the order they are shown")
    .requiredOption(...PERIOD)
    .option('--json', 'as JSON', false)
    .option(...DIR)
    .action(async (o: { period: string; json: boolean; dir: string }) => {
      await withStack(o.dir, async () => {
        const period = await periodOf(o.period);
        const { listImages } = await import('../../usecases/images');
        const list = await listImages(period, await deps());
        if (o.json) {
          console.log(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) {
          console.log(`No images in ${periodLabelNl(period)} (${periodId(period)}).`);
          return;
        }
        console.log(
          formatTable(
            ['Id', 'Sectie', 'Gemeente', 'Afmeting', 'Grootte', 'Alt', 'Bron', 'Door', 'Op'],
            list.map((i) => [i.id, i.section, i.municipality ?? '', `${i.width}×${i.height}`, formatBytes(i.size), i.alt, i.source, i.addedBy, i.addedAt.slice(0, 16).replace('T', ' ')]),
          ),
        );
      });
    });

  images
    .command('remove')
    .description("take an image out of a period's report (and out of the bucket)")
    .requiredOption(...PERIOD)
    .requiredOption('--id <id>', 'the id shown by images list')
    .option(...DIR)
    .action(async (o: { period: string; id: string; dir: string }) => {
      await withStack(o.dir, async () => {
        const period = await periodOf(o.period);
        const { removeImage } = await import('../../usecases/images');
        const removed = await removeImage(period, o.id, await deps());
        console.log(`Image ${removed.id} removed from ${periodLabelNl(period)} (${periodId(period)}).`);
      });
    });
}

/** Reads the file, refusing one over the size cap before reading it. */
async function readImageFile(file: string): Promise<Uint8Array> {
  const info = await stat(file).catch((error: unknown) => {
    throw new InvalidInputError(`${file} cannot be read`, { cause: error });
  });
  if (!info.isFile()) throw new InvalidInputError(`${file} is not a file`);
  if (info.size > MAX_IMAGE_FILE_BYTES) {
    throw new InvalidInputError(`the image was not added: ${path.basename(file)} is ${formatBytes(info.size)}; an image may be at most ${formatBytes(MAX_IMAGE_FILE_BYTES)} — export it smaller or as JPEG`);
  }
  return new Uint8Array(await readFile(file));
}
