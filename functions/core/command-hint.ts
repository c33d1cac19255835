/**
 * How a message names a command for the operator to type next: `args` as they are, with what the
 * operator's own call needs to reach the same data as the same person (the CLI adds its --map and
 * --door; a Lambda has neither). Messages build every suggested command through one of these.
 */
export type CommandHint = (args: string) => string;

/** The command as written: for messages from the deployed stack, where there is no map. */
export const plainCommand: CommandHint = (args) => `rapportbode ${args}`;
