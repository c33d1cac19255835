import { InvalidArgumentError } from 'commander';
import type { Period } from '../core/periods';

const PERIOD_FORM = /^\d{4}-\d{2}$/;

/**
 * Commander parser for `--periode JJJJ-MM`: checks the form only. Which months start a period
 * depends on the organisation's rhythm, so the command resolves it with `periodOf`.
 */
export function periodOption(value: string): string {
  if (!PERIOD_FORM.test(value.trim())) throw new InvalidArgumentError(`periode "${value}" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09)`);
  return value.trim();
}

export const PERIOD_HELP = 'de periode, genoemd naar haar eerste maand: JJJJ-MM (standaard: de laatste volledige periode)';

/** `--periode JJJJ-MM` where a period must be named. */
export const PERIOD_REQUIRED = ['--periode <JJJJ-MM>', 'de periode, genoemd naar haar eerste maand: JJJJ-MM', periodOption] as const;

/** The period `text` names in the rhythm of the organisation in force, or the last complete one. */
export async function periodOf(text: string | undefined): Promise<Period> {
  const { readConfig } = await import('../adapters/config');
  const { OrganisationStore } = await import('../adapters/organisation-store');
  const { periodFor } = await import('../usecases/organisation');
  return periodFor(text, new Date(), new OrganisationStore(readConfig().TABLE_NAME));
}

/** Folder of the persistent local stack that every command but `demo` uses. */
export const LOCAL_DATA_DIR = '.rapportbode/local';

/** `--map`, which every command that reads or writes the data takes. */
export const DATA_DIR_OPTION = ['--map <map>', 'de map met de gegevens van de lokale omgeving (niet gebruikt met RAPPORTBODE_TARGET=aws)', LOCAL_DATA_DIR] as const;
