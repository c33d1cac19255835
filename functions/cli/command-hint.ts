import type { Command } from 'commander';
import { type CommandHint, plainCommand } from '../core/command-hint';
import { LOCAL_DATA_DIR } from './options';

let current: CommandHint = plainCommand;

/** How this call's messages name the next command: with the operator's --map and --door. */
export function commandHint(): CommandHint {
  return current;
}

/** After a call: the next one (in the same process, as in the tests) starts without these options. */
export function forgetOperatorOptions(): void {
  current = plainCommand;
}

/**
 * Remembers, before a command's action runs, the --map and --door the operator gave, so each
 * command suggested afterwards carries them — where that command takes them.
 */
export function rememberOperatorOptions(root: Command, action: Command): void {
  const { map, door } = action.opts<{ map?: string; door?: string }>();
  const extra = {
    '--map': map !== undefined && map !== LOCAL_DATA_DIR && process.env.RAPPORTBODE_TARGET !== 'aws' ? map : undefined,
    '--door': door,
  };
  current = (args) => {
    const takes = optionsOf(root, args);
    const added = Object.entries(extra).filter(([option, value]) => value !== undefined && takes.has(option) && !args.includes(`${option} `));
    return `${plainCommand(args)}${added.map(([option, value]) => ` ${option} ${quoted(value as string)}`).join('')}`;
  };
}

/** The long options of the command `args` starts with (`recipients import FILE` → recipients import's). */
function optionsOf(root: Command, args: string): Set<string> {
  let command: Command = root;
  for (const word of args.split(' ')) {
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
  }
  return new Set(command === root ? [] : command.options.map((o) => o.long ?? ''));
}

/** A value as a shell reads it back: quoted only when it holds a space or a shell character. */
function quoted(value: string): string {
  return /^[\w./:@=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
