import { InvalidArgumentError } from 'commander';
import { type Period, parsePeriod } from '../core/periods';

/** Commander parser for `--period YYYY-MM`: the error names what is wrong. */
export function periodOption(value: string): Period {
  try {
    return parsePeriod(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export const PERIOD_HELP = 'period by its first month, YYYY-MM with an odd month (default: the last complete period)';

/** Folder of the persistent local stack that every command but `demo` uses. */
export const LOCAL_DATA_DIR = '.rapportbode/local';
