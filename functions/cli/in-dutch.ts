import { type Command, CommanderError, Help, Option } from 'commander';
import { UsageError } from './error-message';

/**
 * The options are Dutch; the English spelling an option had before it was Dutch still works, so
 * existing scripts keep running. One table, Dutch → English, for every command: `--help` shows
 * the Dutch option with its English spelling, the English one itself is hidden.
 */
export const ENGLISH_SPELLING: Readonly<Record<string, string>> = {
  '--map': '--dir',
  '--periode': '--period',
  '--aan': '--to',
  '--open-houden': '--keep-open',
  '--ook-onvolledig': '--allow-incomplete',
  '--proef': '--dry-run',
  '--forceer': '--force',
  '--vandaag': '--today',
  '--organisatie': '--organisation',
  '--aanhouden': '--hold',
  '--hervatten': '--unhold',
  '--schaal': '--scale',
  '--soort': '--kind',
  '--bestand': '--file',
  '--herhalingen': '--reps',
  '--verzendtempo': '--send-rate',
};

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': 'Gebruik:',
  'Options:': 'Opties:',
  'Commands:': 'Opdrachten:',
  'Arguments:': 'Argumenten:',
  'Global Options:': 'Algemene opties:',
};

/** `[options]` and `[command]` in a usage line, in Dutch. */
function dutchUsage(usage: string): string {
  return usage.replace('[options]', '[opties]').replace('[command]', '[opdracht]');
}

/** The English spelling each Dutch option also accepts, for its line in the help. */
const englishOf = new WeakMap<Option, string>();

/** Commander's help, with its own words in Dutch; the texts of commands and options are Dutch already. */
const DUTCH_HELP: Partial<Help> = {
  styleTitle: (title: string) => TITLES[title] ?? title,
  commandUsage(this: Help, command: Command) {
    return dutchUsage(Help.prototype.commandUsage.call(this, command));
  },
  // In a list of commands "[options]" is on nearly every line; left out, the descriptions keep
  // room to wrap in 80 columns. Each command's own help shows its options.
  subcommandTerm(this: Help, command: Command) {
    return dutchUsage(Help.prototype.subcommandTerm.call(this, command).replace(' [options]', ''));
  },
  optionDescription(option: Option) {
    const extra: string[] = [];
    if (option.argChoices) extra.push(`keuze uit: ${option.argChoices.join(', ')}`);
    // A flag's default (false) says nothing to an operator; a value's default does.
    if (option.defaultValue !== undefined && (option.required || option.optional)) extra.push(`standaard: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
    const english = englishOf.get(option);
    if (english) extra.push(`ook ${english}`);
    return extra.length > 0 ? `${option.description} (${extra.join('; ')})` : option.description;
  },
};

/** Help shown on request (or for a group named without its subcommand): no error to translate. */
export function isHelpShown(error: unknown): error is CommanderError {
  return error instanceof CommanderError && ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
}

/** `rapportbode recipients add`: how the operator typed the command, for "zie … --help". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Makes the CLI speak Dutch throughout, for `program` and every command below it:
 * - help in Dutch (titles, usage, the help option and command, defaults and choices);
 * - each Dutch option that had an English spelling accepts it too, hidden, into the same value;
 * - commander's own errors (unknown option, missing argument, …) are not printed in English but
 *   thrown as a UsageError, which functions/cli/error-message.ts says in one Dutch line.
 * Call it once all commands are registered.
 */
export function inDutch(program: Command): Command {
  for (const command of [program, ...descendants(program)]) {
    command
      .configureHelp(DUTCH_HELP)
      .helpOption('-h, --help', 'toon deze hulp')
      .configureOutput({ outputError: () => undefined })
      .exitOverride((error: CommanderError) => {
        if (isHelpShown(error)) throw error;
        throw new UsageError(error, commandPath(command));
      });
    if (command.commands.length > 0) command.helpCommand('help [opdracht]', 'toon de hulp bij een opdracht');
    addEnglishSpellings(command);
  }
  return program;
}

function descendants(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...descendants(c)]);
}

function addEnglishSpellings(command: Command): void {
  for (const option of [...command.options]) {
    const english = option.long ? ENGLISH_SPELLING[option.long] : undefined;
    if (!english || option.hidden) continue;
    const alias = new Option(option.flags.replace(option.long as string, english), option.description).hideHelp();
    // The same value as the Dutch option: a required option given in English counts as given.
    const attribute = option.attributeName();
    alias.attributeName = () => attribute;
    if (option.parseArg) alias.argParser(option.parseArg);
    if (option.argChoices) alias.argChoices = option.argChoices;
    command.addOption(alias);
    englishOf.set(option, english);
  }
}
