import { ImportStore } from '../adapters/import-store';
import { IngestBucket } from '../adapters/ingest-bucket';
import { OrganisationStore } from '../adapters/organisation-store';
import type { ImportDeps } from '../usecases/import-figures';

/** Wires the real adapters for an import; the CLI and the import function share this. */
export function importDeps(config: { readonly TABLE_NAME: string }): ImportDeps {
  return {
    organisation: new OrganisationStore(config.TABLE_NAME),
    imports: new ImportStore(config.TABLE_NAME),
    now: () => new Date(),
    newImportId: ImportStore.newImportId,
  };
}

export function ingestDeps(config: { readonly TABLE_NAME: string; readonly INGEST_BUCKET: string }): ImportDeps & { readonly ingest: IngestBucket } {
  return { ...importDeps(config), ingest: new IngestBucket(config.INGEST_BUCKET) };
}
