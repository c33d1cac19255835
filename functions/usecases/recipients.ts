import type { OrganisationReader, OrganisationWriter, RecipientDirectory } from './ports';
import { withoutBlocked } from '../core/blocked-addresses';
import type { CsvEncoding, Delimiter } from '../core/csv-reader';
import { InvalidInputError, RapportbodeError } from '../core/errors';
import { type MailingPlan, planMailing } from '../core/mailing-plan';
import type { Recipient } from '../core/organisation';
import {
  EmailSchema,
  type RecipientInput,
  type RecipientListChange,
  checkRecipient,
  describeRecipient,
  describeRecipientProblem,
  planRecipientList,
  readRecipientCsv,
  resolveMunicipality,
} from '../core/recipient-validation';
import { changeOrganisation, requireOrganisation } from './organisation';
import { type CommandHint, plainCommand } from '../core/command-hint';

export interface RecipientDeps {
  readonly store: OrganisationReader & OrganisationWriter;
  readonly recipientStore: RecipientDirectory;
  readonly now: () => Date;
  /** How messages name a command to type next (the CLI adds the operator's --map and --door). */
  readonly command?: CommandHint;
}

/** Who made a change and when: every change to the list is recorded with it. */
export interface Change {
  readonly actor: string;
}

export async function addRecipient(input: RecipientInput, change: Change, deps: RecipientDeps): Promise<Recipient> {
  const result = checkRecipient(input, await knownMunicipalities(deps));
  if ('problems' in result) {
    throw new InvalidInputError(`de ontvanger is niet toegevoegd: ${result.problems.map((p) => `--${p.field}: ${describeRecipientProblem(p)}`).join('; ')}`);
  }
  await deps.recipientStore.add(result.recipient, { actor: change.actor, at: deps.now().toISOString() });
  return result.recipient;
}

/** Removes an address; when it is on the list for several municipalities, --gemeente says which. */
export async function removeRecipient(email: string, municipality: string | undefined, change: Change, deps: RecipientDeps): Promise<Recipient> {
  const address = parseEmail(email);
  const entries = (await deps.store.recipients()).filter((r) => r.email === address);
  const wanted = municipality ? resolveMunicipality(municipality, await knownMunicipalities(deps)) ?? municipality : undefined;
  const matching = wanted ? entries.filter((r) => r.municipality === wanted) : entries;
  if (matching.length === 0) throw new InvalidInputError(`${address} staat niet op de lijst${wanted ? ` voor ${wanted}` : ''}; zie rapportbode recipients list`);
  if (matching.length > 1) {
    throw new InvalidInputError(`${address} staat op de lijst voor ${matching.map((r) => r.municipality ?? 'de reviewers').join(' en ')}; zeg met --gemeente welke`);
  }
  const recipient = matching[0] as Recipient;
  await deps.recipientStore.remove(recipient, { actor: change.actor, at: deps.now().toISOString() });
  return recipient;
}

/** An import that would remove recipients, refused until the operator confirms it; nothing was changed. */
export class RemovalNotConfirmedError extends RapportbodeError {
  constructor(
    readonly fileName: string,
    readonly removed: readonly Recipient[],
    command: CommandHint = plainCommand,
  ) {
    const who = removed.map((r) => `  ${describeRecipient(r)}`).join('\n');
    const count = removed.length === 1 ? '1 ontvanger' : `${removed.length} ontvangers`;
    super(
      `${fileName} zou ${count} van de lijst halen; er is niets gewijzigd. Wie eraf gaat:\n${who}\n` +
        `Klopt dat, lees het bestand dan opnieuw in met --bevestig: ${command(`recipients import ${fileName} --bevestig`)}`,
    );
  }
}

export interface RecipientImport extends RecipientListChange {
  readonly encoding: CsvEncoding;
  readonly delimiter: Delimiter;
}

/**
 * Replaces the whole list with the file's, all or nothing:
 * 1. read and check the whole file — one bad row, or no rows at all, and nothing is written;
 * 2. compare it with the stored list;
 * 3. refuse to remove anyone unless `confirmRemoval` (RemovalNotConfirmedError names who would go);
 * 4. write what differs, each change with its audit entry.
 */
export async function importRecipients(
  file: { readonly name: string; readonly bytes: Uint8Array },
  change: Change & { readonly confirmRemoval: boolean },
  deps: RecipientDeps,
): Promise<RecipientImport> {
  const read = await readRecipientCsv(file.bytes, file.name, await knownMunicipalities(deps));
  const plan = planRecipientList(await deps.store.recipients(), read.recipients);
  if (plan.removed.length > 0 && !change.confirmRemoval) throw new RemovalNotConfirmedError(file.name, plan.removed, deps.command);
  await deps.recipientStore.applyChange(plan, { actor: change.actor, at: deps.now().toISOString() });
  return { ...plan, encoding: read.encoding, delimiter: read.delimiter };
}

/**
 * What importing the file would change, without writing anything: the file is read and checked
 * whole by the same reader as the import (a bad row rejects it, naming row and column), then
 * compared with the stored list. The console shows this before the operator confirms the import.
 */
export async function planRecipientImport(file: { readonly name: string; readonly bytes: Uint8Array }, deps: Pick<RecipientDeps, 'store'>): Promise<RecipientListChange> {
  const read = await readRecipientCsv(file.bytes, file.name, (await requireOrganisation(deps.store)).municipalities);
  return planRecipientList(await deps.store.recipients(), read.recipients);
}

/**
 * Changes the name or role of a recipient on the list (its municipality and address stay: those
 * are who it is; to change them, remove it and add the new one). Audited before it is written.
 */
export async function changeRecipient(
  current: { readonly email: string; readonly municipality: string | null },
  input: Pick<RecipientInput, 'name' | 'role'>,
  change: Change,
  deps: RecipientDeps,
): Promise<Recipient> {
  const address = parseEmail(current.email);
  const before = (await deps.store.recipients()).find((r) => r.email === address && (r.municipality ?? null) === (current.municipality ?? null));
  if (!before) throw new InvalidInputError(`${address} staat niet op de lijst${current.municipality ? ` van ${current.municipality}` : ' van de reviewers'}`);
  const result = checkRecipient({ municipality: before.municipality, email: before.email, ...input }, await knownMunicipalities(deps));
  if ('problems' in result) {
    throw new InvalidInputError(`de ontvanger is niet gewijzigd: ${result.problems.map((p) => `${p.field}: ${describeRecipientProblem(p)}`).join('; ')}`);
  }
  const after = result.recipient;
  if (after.name === before.name && after.role === before.role) return before;
  await deps.recipientStore.audit([
    {
      actor: change.actor,
      at: deps.now().toISOString(),
      action: 'recipient changed',
      email: after.email,
      municipality: after.municipality ?? undefined,
      detail: `${before.role} ${before.name} → ${after.role} ${after.name}`,
    },
  ]);
  await deps.store.putRecipients([after]);
  return after;
}

/**
 * Opts a municipality out of the report or back in: a new version of the organisation (its
 * `ontvangt` in the file), audited. Asking for what is already so changes and records nothing.
 */
export async function setOptedOut(name: string, optedOut: boolean, change: Change, deps: RecipientDeps): Promise<{ municipality: string; changed: boolean }> {
  const municipality = resolveMunicipality(name, await knownMunicipalities(deps));
  if (!municipality) throw new InvalidInputError(`"${name}" is geen bekende gemeente; zie rapportbode municipalities list`);
  const result = await changeOrganisation(
    (config) => ({ ...config, municipalities: config.municipalities.map((m) => (m.name === municipality ? { ...m, optedOut } : m)) }),
    { actor: change.actor, source: optedOut ? `municipalities opt-out ${municipality}` : `municipalities opt-in ${municipality}` },
    { store: deps.store, audit: deps.recipientStore, now: deps.now },
  );
  return { municipality, changed: result.applied };
}

/** Lets a blocked address get mail again, after an operator fixed or confirmed it. */
export async function clearBlock(email: string, change: Change, deps: RecipientDeps): Promise<void> {
  const address = parseEmail(email);
  if (!(await deps.recipientStore.clearBlock(address, { actor: change.actor, at: deps.now().toISOString() }))) {
    throw new InvalidInputError(`${address} is niet geblokkeerd; er is niets op te heffen`);
  }
}

/**
 * What the next final run would mail, without sending: municipalities that cannot be mailed
 * (no To address) and addresses that will be skipped. Shown before a run and in the lists.
 */
export async function checkMailing(deps: RecipientDeps): Promise<MailingPlan & { warnings: string[] }> {
  const [organisation, listed, blocked] = await Promise.all([requireOrganisation(deps.store), deps.store.recipients(), deps.store.blockedAddresses()]);
  const { recipients, warnings } = withoutBlocked(listed, blocked);
  return { ...planMailing(organisation, recipients), warnings };
}

async function knownMunicipalities(deps: RecipientDeps) {
  return (await requireOrganisation(deps.store)).municipalities;
}

function parseEmail(email: string): string {
  const parsed = EmailSchema.safeParse(email);
  if (!parsed.success) throw new InvalidInputError(`"${email}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
