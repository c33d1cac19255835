import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { IMPORT_KINDS, type ImportKind } from '../../core/csv-import';
import { InvalidInputError } from '../../core/errors';
import { formatBytes } from '../../core/format';
import { withStack } from '../local-session';
import { LOCAL_DATA_DIR } from '../options';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a CSV of figures (gemeente;indicator;maand;waarde) or of the Divosa benchmark (indicator;jaar;waarde); all rows or none')
    .argument('<file>', 'the CSV file (";" or "," separated, UTF-8)')
    .addOption(new Option('--kind <kind>', 'what the file holds (default: recognised by its header)').choices(IMPORT_KINDS))
    .option('--dir <path>', 'data folder of the local stack', LOCAL_DATA_DIR)
    .action(async (file: string, options: { kind?: ImportKind; dir: string }) => {
      await importCommand(file, options.kind, options.dir);
    });
}

/** `rapportbode import FILE`: the same import as the S3-triggered one, from a local file. */
async function importCommand(file: string, kind: ImportKind | undefined, dataDir: string): Promise<void> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) throw new InvalidInputError(`${file} is not a file that can be read`);
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
          console.log(`  written ${written} of ${total} values`);
        },
      },
      importDeps(readImportConfig()),
    );
    const counts = `${summary.rows} rows: ${summary.new} new, ${summary.changed} changed, ${summary.unchanged} unchanged`;
    console.log(
      summary.importId
        ? `Imported ${summary.fileName} (${summary.kind}), ${counts}. Import ${summary.importId}.`
        : `Nothing to import from ${summary.fileName} (${summary.kind}): ${counts}.`,
    );
  });
  console.log(`Took ${((Date.now() - started) / 1000).toFixed(1)} s, peak memory ${formatBytes(process.resourceUsage().maxRSS * 1024)}.`);
}
