import { DataMissingError, InvalidInputError, RapportbodeError } from '../core/errors';
import { type OrganisationConfig, type OrganisationVersion, catalogueOf } from '../core/organisation';
import { keepStoredGoals, readGoalsFile, withGoals } from '../core/goals-import';
import { type OrganisationDiff, diffOrganisation } from '../core/organisation-diff';
import { commentsOf, organisationToYaml } from '../core/organisation-file';
import { type Period, addMonths, formatMonthKey, lastCompletePeriod, parsePeriod } from '../core/periods';
import { countNl } from '../core/words-nl';
import type { AuditLog, OrganisationReader } from './ports';

/** Another operator applied a version between reading and writing (the organisation store raises it on a conditional write). */
export class OrganisationChangedError extends RapportbodeError {}

export interface OrganisationDeps {
  readonly store: OrganisationReader & {
    applyOrganisation(config: OrganisationConfig, basedOn: number | null, applied: { at: string; by: string; fileText?: string }): Promise<OrganisationVersion>;
  };
  readonly audit: AuditLog;
  readonly now: () => Date;
}

export interface ApplyOptions {
  readonly actor: string;
  /** Show what would change; change nothing. */
  readonly dryRun?: boolean;
  /**
   * Take the file as written: remove municipalities or indicators that have figures or recipients
   * (they stay stored) and the stored goals the file does not name.
   */
  readonly force?: boolean;
  /** The file's name, for the audit trail. */
  readonly source: string;
  /** The file's text, kept with the version so an export keeps its comments; a change without a file keeps the text in force. */
  readonly fileText?: string;
}

export interface ApplyResult {
  readonly diff: OrganisationDiff;
  /** The version in force afterwards; null when none is (a dry run on an empty table). */
  readonly version: number | null;
  readonly applied: boolean;
  /** What stays stored of removed municipalities and indicators. */
  readonly kept: readonly string[];
  /** Stored goals the file does not name, kept in force (`bijstand 2026 (2.450)`). */
  readonly keptGoals: readonly string[];
}

/** How far back a removal looks for figures: the history a report shows, and a year more. */
const FIGURE_HISTORY_MONTHS = 36;

/**
 * Puts an organisation file in force, all or nothing:
 * 1. keep the stored goals the file does not name (unless forced), then compare with the
 *    version in force (nothing changes: say so and write nothing);
 * 2. a municipality or indicator that would be removed while it has figures or recipients needs
 *    `force`, and the answer says what stays stored;
 * 3. a dry run stops here;
 * 4. record who applied what (the audit entry first), then put the new version in force.
 */
export async function applyOrganisation(file: OrganisationConfig, options: ApplyOptions, deps: OrganisationDeps): Promise<ApplyResult> {
  const current = await deps.store.organisation();
  const { config, kept: keptGoals } = options.force ? { config: file, kept: [] } : keepStoredGoals(current?.config ?? null, file);
  const diff = withComments(diffOrganisation(current?.config ?? null, config), current, options.fileText);
  if (current && diff.lines.length === 0) return { diff, version: current.version, applied: false, kept: [], keptGoals };

  const kept = await dataOfRemoved(diff, deps);
  if (kept.length > 0 && !options.force) {
    throw new InvalidInputError(
      `het bestand haalt weg wat nog gegevens heeft; er is niets gewijzigd:\n  ${kept.join('\n  ')}\n` +
        'Die gegevens blijven bewaard, maar komen in geen rapport meer. Bedoelt u dit, pas het bestand dan toe met --forceer.',
    );
  }
  if (options.dryRun) return { diff, version: current?.version ?? null, applied: false, kept, keptGoals };

  const at = deps.now().toISOString();
  await deps.audit.audit([{ at, actor: options.actor, action: 'organisation applied', detail: `${options.source} als versie ${(current?.version ?? 0) + 1}: ${diff.lines.join('; ')}` }]);
  try {
    const fileText = options.fileText ?? current?.fileText;
    const applied = await deps.store.applyOrganisation(config, current?.version ?? null, { at, by: options.actor, ...(fileText ? { fileText } : {}) });
    return { diff, version: applied.version, applied: true, kept, keptGoals };
  } catch (error) {
    // Two operators applying the same file at once: the second finds it in force, which is no conflict.
    const now = error instanceof OrganisationChangedError ? await deps.store.organisation() : null;
    if (now && diffOrganisation(now.config, config).lines.length === 0) return { diff: { ...diff, lines: [] }, version: now.version, applied: false, kept: [], keptGoals };
    throw error;
  }
}

/** A file that differs only in its comments is a new version too: an export must give them back. */
function withComments(diff: OrganisationDiff, current: OrganisationVersion | null, after: string | undefined): OrganisationDiff {
  if (!current || after === undefined) return diff;
  // A version applied before texts were kept exports with organisationToYaml's comments.
  const before = commentsOf(current.fileText ?? organisationToYaml(current.config));
  if (before.join('\n') === commentsOf(after).join('\n')) return diff;
  return { ...diff, lines: [...diff.lines, 'opmerkingen (#) in het bestand gewijzigd'] };
}

/** Applies a change to the organisation in force (opting out, new goals) through the same path. */
export async function changeOrganisation(
  change: (config: OrganisationConfig) => OrganisationConfig,
  options: Omit<ApplyOptions, 'force'>,
  deps: OrganisationDeps,
): Promise<ApplyResult> {
  return applyOrganisation(change(await requireOrganisation(deps.store)), options, deps);
}

export async function requireOrganisation(store: OrganisationReader): Promise<OrganisationConfig> {
  const current = await store.organisation();
  if (!current) throw noOrganisation();
  return current.config;
}

/** The period `text` names in the organisation's rhythm, or the last one complete at `at`. */
export async function periodFor(text: string | undefined, at: Date, store: OrganisationReader): Promise<Period> {
  const { periodLength } = await requireOrganisation(store);
  return text ? parsePeriod(text, periodLength) : lastCompletePeriod(at, periodLength);
}

export function noOrganisation(): DataMissingError {
  return new DataMissingError('er is nog geen organisatie ingesteld; lees eerst het organisatiebestand in met: rapportbode organisation apply organisatie.yaml');
}

/** For each removed municipality and indicator: what it still has stored. */
async function dataOfRemoved(diff: OrganisationDiff, deps: OrganisationDeps): Promise<string[]> {
  if (diff.removedMunicipalities.length === 0 && diff.removedIndicators.length === 0) return [];
  const now = deps.now();
  const thisMonth = formatMonthKey(now.getUTCFullYear(), now.getUTCMonth() + 1);
  const months = Array.from({ length: FIGURE_HISTORY_MONTHS }, (_, i) => addMonths(thisMonth, -i));
  const [recipients, figures] = await Promise.all([deps.store.recipients(), deps.store.figures(months)]);
  const kept: string[] = [];
  for (const municipality of diff.removedMunicipalities) {
    const own = recipients.filter((r) => r.municipality === municipality).length;
    const values = figures.filter((f) => f.municipality === municipality).length;
    if (own + values > 0) kept.push(`gemeente ${municipality}: ${countNl(own, 'ontvanger', 'ontvangers')}, ${countNl(values, 'cijfer', 'cijfers')}`);
  }
  for (const indicator of diff.removedIndicators) {
    const values = figures.filter((f) => f.indicator === indicator).length;
    if (values > 0) kept.push(`indicator ${indicator}: ${countNl(values, 'cijfer', 'cijfers')}`);
  }
  return kept;
}

/**
 * The yearly goals from a CSV file (`indicator;jaar;doel`): read whole against the indicators in
 * force, all or nothing, and applied as a new version of the organisation through the same path
 * as its file, with the same difference and audit entry.
 */
export async function importGoals(
  source: { readonly name: string; readonly bytes: Uint8Array },
  options: Omit<ApplyOptions, 'force' | 'source'>,
  deps: OrganisationDeps,
): Promise<ApplyResult & { readonly goals: number; readonly encoding: string; readonly delimiter: string }> {
  const current = await deps.store.organisation();
  if (!current) throw noOrganisation();
  const file = await readGoalsFile(source.bytes, { fileName: source.name, catalogue: catalogueOf(current) });
  const result = await applyOrganisation(withGoals(current.config, file.goals), { ...options, source: source.name }, deps);
  return { ...result, goals: file.goals.length, encoding: file.encoding, delimiter: file.delimiter };
}
