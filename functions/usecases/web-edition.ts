import { archiveKeys } from '../core/archive-keys';
import { type ReleasedEdition, editionFiles } from '../core/edition-site';
import { parsePeriod } from '../core/periods';
import type { ReportModel } from '../core/report-model';
import type { RunInput } from '../core/run-input';
import type { Archive, DeliveryLedger, EditionFile, EditionPublisher, ListedRun } from './ports';
import type { RunSummary } from './run-report';

/** What publishing the web edition needs: the runs, their snapshots, where to publish, the shared assets. */
export interface EditionDeps {
  readonly log: Pick<DeliveryLedger, 'runs'>;
  readonly archive: Pick<Archive, 'find'>;
  readonly publisher: EditionPublisher;
  /** The files under `assets/` (stylesheet, fonts); read once by the wiring. */
  readonly assets: () => readonly EditionFile[];
}

export interface EditionSummary {
  /** The released periods published, oldest first. */
  readonly periods: readonly string[];
  readonly files: number;
  /** Released periods left out, each with why (a snapshot past the bewaartermijn). */
  readonly skipped: readonly string[];
}

/** After a final: what became of the web edition; a failure never undoes the mails that went. */
export type EditionOutcome = ({ readonly published: true } & EditionSummary) | { readonly published: false; readonly reason: string };

/** A final that reached readers: sent to all (completed) or to some (partial). */
function isReleased(run: ListedRun): boolean {
  return run.kind === 'final' && (run.status === 'completed' || run.status === 'partial');
}

/**
 * (Re)publishes the web edition of every released period (`rapportbode web`, and after each final):
 * 1. the released periods: each period's final run that went out;
 * 2. each one's report model from its snapshot: the very model its PDFs were printed from;
 * 3. the pages, CSVs and images of all of them with the assets, published as one site.
 */
export async function publishEditions(deps: EditionDeps): Promise<EditionSummary> {
  const finals = (await deps.log.runs()).filter(isReleased).sort((a, b) => a.period.localeCompare(b.period));
  const editions: ReleasedEdition[] = [];
  const skipped: string[] = [];
  for (const run of finals) {
    const edition = await releasedEdition(run.runId, deps.archive);
    if (typeof edition === 'string') skipped.push(`${run.period}: ${edition}`);
    else editions.push(edition);
  }
  const files = editions.length > 0 ? [...editionFiles(editions), ...deps.assets()] : [];
  await deps.publisher.publish(files);
  return { periods: editions.map((e) => e.model.organisationPart.period), files: files.length, skipped };
}

/** The final's report model as its snapshot froze it, or why it cannot be published. */
async function releasedEdition(runId: string, archive: Pick<Archive, 'find'>): Promise<ReleasedEdition | string> {
  const bytes = await archive.find(archiveKeys.snapshot(runId));
  if (!bytes) return `de momentopname van ${runId} staat niet meer in het archief (bewaartermijn)`;
  // Written by the run (usecases/run-report.ts) from these very types.
  const snapshot = JSON.parse(new TextDecoder().decode(bytes)) as { input?: RunInput; model?: ReportModel };
  if (!snapshot.model?.organisationPart || !snapshot.input?.organisation?.config) return `de momentopname van ${runId} is van een oudere versie van rapportbode`;
  const { config } = snapshot.input.organisation;
  return { period: parsePeriod(snapshot.model.organisationPart.period, config.periodLength), model: snapshot.model, ...(config.colour ? { colour: config.colour } : {}) };
}

/**
 * The web edition after a final: only when it went out (never for a concept, nor for a run that
 * was already done). Publishing may fail without undoing the release: the outcome says so, and
 * `rapportbode web` publishes again.
 */
export async function publishAfterFinal(summary: Pick<RunSummary, 'runId' | 'status' | 'notStarted'>, deps: EditionDeps | undefined): Promise<EditionOutcome | undefined> {
  if (!deps || summary.notStarted || !summary.runId.endsWith('-final') || summary.status === 'failed') return undefined;
  try {
    return { published: true, ...(await publishEditions(deps)) };
  } catch (error) {
    return { published: false, reason: `de webeditie is niet bijgewerkt (${error instanceof Error ? error.message : String(error)}); de rapporten zijn wel verstuurd. Publiceer haar opnieuw met rapportbode web` };
  }
}
