import { createReadStream } from 'node:fs';
import { type Command, Option } from 'commander';
import { IMPORT_KINDS, IMPORT_LAYOUTS, type ImportKind } from '../../core/csv-import';
import { ENCODING_NAMES } from '../../core/csv-reader';
import { formatBytes } from '../../core/format';
import { inputFileSize } from '../files';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a CSV of figures (gemeente;indicator;maand;waarde) or of the Divosa benchmark (indicator;jaar;waarde); all rows or none')
    .argument('<file>', 'het CSV-bestand: ";" of "," als scheidingsteken, UTF-8 (met of zonder BOM) of Windows-1252')
    .addOption(new Option('--kind <kind>', 'what the file holds (default: recognised by its header)').choices(IMPORT_KINDS))
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (file: string, options: { kind?: ImportKind; dir: string }) => {
      await importCommand(file, options.kind, options.dir);
    });
}

/** `rapportbode import FILE`: the same import as the S3-triggered one, from a local file. */
async function importCommand(file: string, kind: ImportKind | undefined, dataDir: string): Promise<void> {
  const size = await inputFileSize(file);
  const started = Date.now();

  await withStack(dataDir, async () => {
    const { readImportConfig } = await import('../../adapters/import-config');
    const { importDeps } = await import('../../usecases/import-dependencies');
    const { importFile } = await import('../../usecases/import-figures');
    let reported = 0;
    const summary = await importFile(
      { name: file, size, open: async () => createReadStream(file) },
      {
        kind,
        // A line per tenth of a large import, so an operator sees it move.
        onProgress: (written, total) => {
          if (total < 10_000 || written < total * ((reported + 1) / 10)) return;
          reported = Math.floor((written / total) * 10);
          console.log(`  ${written} van ${total} waarden geschreven`);
        },
      },
      importDeps(readImportConfig()),
    );
    const read = `${IMPORT_LAYOUTS[summary.kind].description}; tekenset ${ENCODING_NAMES[summary.encoding]}, scheidingsteken ${summary.delimiter}`;
    const counts = `${summary.rows} ${summary.rows === 1 ? 'rij' : 'rijen'}: ${summary.new} nieuw, ${summary.changed} gewijzigd, ${summary.unchanged} ongewijzigd`;
    console.log(
      summary.importId
        ? `Ingelezen: ${summary.fileName} (${read}), ${counts}. Import ${summary.importId}.`
        : `Niets nieuws in ${summary.fileName} (${read}): ${counts}.`,
    );
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1).replace('.', ',');
  console.log(`Duurde ${seconds} s, piekgeheugen ${formatBytes(process.resourceUsage().maxRSS * 1024)}.`);
}
