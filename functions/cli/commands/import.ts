import { createReadStream } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { IMPORT_LAYOUTS, type ImportKind } from '../../core/csv-import';
import { ENCODING_NAMES } from '../../core/csv-reader';
import { formatBytes } from '../../core/format';
import { DOOR_HELP, actorOf } from '../actor';
import { describeGapsInLine } from '../../core/readiness';
import { inputFileSize } from '../files';
import { withStack } from '../local-session';
import { DATA_DIR_OPTION } from '../options';

/** `--soort`: the Dutch word, or the English one the option took before. */
const KIND_WORDS: Readonly<Record<string, ImportKind>> = { cijfers: 'figures', figures: 'figures', benchmark: 'benchmark' };

function kindOption(value: string): ImportKind {
  const kind = KIND_WORDS[value.trim().toLowerCase()];
  if (!kind) throw new InvalidArgumentError(`"${value}" is geen soort; kies cijfers of benchmark`);
  return kind;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('lees een CSV-bestand met cijfers (gemeente;indicator;maand;waarde) of met de Divosa-benchmark (indicator;jaar;waarde) in: alle rijen of geen; een afgewezen bestand noemt per probleem de rij en de kolom')
    .argument('<bestand>', 'het CSV-bestand: ";" of "," als scheidingsteken, UTF-8 (met of zonder BOM) of Windows-1252')
    .option('--soort <soort>', 'wat het bestand bevat: cijfers of benchmark (standaard: herkend aan de kopregel)', kindOption)
    .option('--door <naam>', DOOR_HELP)
    .option(...DATA_DIR_OPTION)
    .action(async (file: string, options: { soort?: ImportKind; door?: string; map: string }) => {
      await importCommand(file, options.soort, options.map, actorOf(options.door));
    });
}

/** `rapportbode import FILE`: the same import as the S3-triggered one, from a local file. */
async function importCommand(file: string, kind: ImportKind | undefined, dataDir: string, actor: string): Promise<void> {
  const size = await inputFileSize(file);
  const started = Date.now();

  await withStack(dataDir, async () => {
    const { readImportConfig } = await import('../../adapters/import-config');
    const { importDeps } = await import('../../wiring/import-dependencies');
    const { importFile } = await import('../../usecases/import-figures');
    const { RecipientStore } = await import('../../adapters/recipient-store');
    const config = readImportConfig();
    let reported = 0;
    const summary = await importFile(
      { name: file, size, open: async () => createReadStream(file) },
      {
        kind,
        audited: { actor, log: new RecipientStore(config.TABLE_NAME) },
        // A line per tenth of a large import, so an operator sees it move.
        onProgress: (written, total) => {
          if (total < 10_000 || written < total * ((reported + 1) / 10)) return;
          reported = Math.floor((written / total) * 10);
          console.log(`  ${written} van ${total} waarden geschreven`);
        },
      },
      importDeps(config),
    );
    const read = `${IMPORT_LAYOUTS[summary.kind].description}; tekenset ${ENCODING_NAMES[summary.encoding]}, scheidingsteken ${summary.delimiter}`;
    const counts = `${summary.rows} ${summary.rows === 1 ? 'rij' : 'rijen'}: ${summary.new} nieuw, ${summary.changed} gewijzigd, ${summary.unchanged} ongewijzigd`;
    console.log(
      summary.importId
        ? `Ingelezen: ${summary.fileName} (${read}), ${counts}. Import ${summary.importId}.`
        : `Niets nieuws in ${summary.fileName} (${read}): ${counts}.`,
    );
    if (summary.gaps) console.log(describeGapsInLine(summary.gaps.period, summary.gaps.missing));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1).replace('.', ',');
  console.log(`Duurde ${seconds} s, piekgeheugen ${formatBytes(process.resourceUsage().maxRSS * 1024)}.`);
}
