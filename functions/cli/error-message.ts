import type { CommanderError } from 'commander';
import { ZodError } from 'zod';
import { RapportbodeError } from '../core/errors';

/**
 * The one place where an error becomes what the operator reads: one Dutch line saying what went
 * wrong, where, and what to do — never a stack. Errors rapportbode raises on purpose carry such a
 * message already; the others that an operator can cause or meet (invalid input caught by a
 * schema, a file system error, an unreachable endpoint, AWS refusing a request) are described
 * here. Anything else is a bug: one line too, with how to see its details.
 */

export interface OperatorMessage {
  readonly message: string;
  /** False for a bug: the operator is told how to get the details (RAPPORTBODE_DEBUG=1). */
  readonly expected: boolean;
}

export const DEBUG_VARIABLE = 'RAPPORTBODE_DEBUG';

export function operatorMessage(error: unknown): OperatorMessage {
  if (error instanceof UsageError) return { message: describeUsageError(error), expected: true };
  if (error instanceof RapportbodeError) return { message: error.message, expected: true };
  if (isZodError(error)) return { message: describeZodError(error), expected: true };
  const system = systemError(error);
  if (system) return { message: describeSystemError(system), expected: true };
  if (isAwsServiceError(error)) return { message: describeAwsError(error), expected: true };
  const what = error instanceof Error ? `${error.name}: ${firstLine(error.message)}` : firstLine(String(error));
  return {
    message: `onverwachte fout (${what}). Dit is waarschijnlijk een fout in rapportbode: voer het commando opnieuw uit met ${DEBUG_VARIABLE}=1 voor de details en meld die.`,
    expected: false,
  };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}

/** Shows control characters in echoed input (`a@b.nl\r\nBcc: …`) instead of breaking the line. */
function visible(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function isZodError(error: unknown): error is ZodError {
  return error instanceof ZodError || (error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues));
}

function describeZodError(error: ZodError): string {
  const issues = error.issues.map((i) => {
    const where = i.path.length > 0 ? `${i.path.join('.')}: ` : '';
    const input = 'input' in i && typeof i.input === 'string' ? ` ("${visible(i.input)}")` : '';
    return `${where}${firstLine(i.message)}${input}`;
  });
  return `ongeldige invoer: ${issues.join('; ')}. Verbeter de waarde en voer het commando opnieuw uit.`;
}

interface SystemError {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly address?: string;
  readonly port?: number;
}

/** A Node.js system error, also when it is wrapped (`cause`) or one of several (`AggregateError`). */
function systemError(error: unknown, depth = 0): SystemError | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const e = error as Partial<SystemError> & { cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && (e.syscall !== undefined || e.path !== undefined || e.address !== undefined)) return e as SystemError;
  return systemError(e.cause, depth + 1) ?? (Array.isArray(e.errors) ? systemError(e.errors[0], depth + 1) : undefined);
}

function describeSystemError(e: SystemError): string {
  const target = e.path ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : 'het doel');
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${target} bestaat niet (of een map in het pad bestaat niet); controleer het pad en voer het commando opnieuw uit.`;
    case 'EACCES':
    case 'EPERM':
      return `geen toegang tot ${target}; kies een plek waar u mag lezen en schrijven, of vraag toegang.`;
    case 'EISDIR':
      return `${target} is een map, geen bestand; geef het pad van een bestand.`;
    case 'ENOSPC':
      return `de schijf is vol bij het schrijven van ${target}; maak ruimte vrij en voer het commando opnieuw uit.`;
    case 'ECONNREFUSED':
      return `geen verbinding met ${target}: daar luistert niets. Controleer de AWS_ENDPOINT_URL_*-variabelen, of laat ze weg zodat rapportbode de lokale stack zelf start.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `de naam ${e.address ?? e.path ?? target} is onbekend (DNS); controleer de AWS_ENDPOINT_URL_*-variabelen en de netwerkverbinding.`;
    case 'ECONNRESET':
    case 'ETIMEDOUT':
      return `de verbinding met ${target} viel weg (${e.code}); controleer het netwerk en voer het commando opnieuw uit.`;
    default:
      return `${e.syscall ?? 'een bestands- of netwerkbewerking'} op ${target} mislukte (${e.code}); controleer het pad of de verbinding en voer het commando opnieuw uit.`;
  }
}

interface AwsServiceError extends Error {
  readonly $metadata: { readonly httpStatusCode?: number };
}

function isAwsServiceError(error: unknown): error is AwsServiceError {
  return error instanceof Error && typeof (error as { $metadata?: unknown }).$metadata === 'object';
}

function describeAwsError(error: AwsServiceError): string {
  if (error.name === 'CredentialsProviderError') {
    return 'geen AWS-inloggegevens gevonden; log in (aws sso login of aws configure) of werk lokaal zonder RAPPORTBODE_TARGET=aws.';
  }
  const status = error.$metadata.httpStatusCode ? `, HTTP ${error.$metadata.httpStatusCode}` : '';
  return (
    `AWS weigerde een verzoek (${error.name}${status}: ${firstLine(error.message)}); controleer de AWS_ENDPOINT_URL_*-variabelen, ` +
    'de regio en de rechten van de inloggegevens, en voer het commando opnieuw uit.'
  );
}

/**
 * The command line itself was wrong (unknown option, missing argument, …): commander found it,
 * and `command` is where (`rapportbode recipients add`), so the operator is sent to its help.
 */
export class UsageError extends RapportbodeError {
  constructor(
    readonly commanderError: CommanderError,
    readonly command: string,
  ) {
    super(commanderError.message, { cause: commanderError });
  }
}

/** Commander's English messages, one per code, said in Dutch with where to look. */
function describeUsageError({ commanderError: { code, message }, command }: UsageError): string {
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
  const [first = '', second = ''] = quoted;
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(message)?.[1]?.replace(/^one of /, 'een van ');
  const orMaybe = suggestion ? ` (bedoelt u ${suggestion}?)` : '';
  const help = `zie ${command} --help`;
  switch (code) {
    case 'commander.unknownOption':
      return `onbekende optie ${first}${orMaybe}; ${help}`;
    case 'commander.unknownCommand':
      return `onbekende opdracht "${first}"${orMaybe}; ${help}`;
    case 'commander.missingArgument':
      return `het argument <${first}> ontbreekt; ${help}`;
    case 'commander.optionMissingArgument':
      return `${optionName(first)} vraagt een waarde (${first}); ${help}`;
    case 'commander.missingMandatoryOptionValue':
      return `de optie ${first} is verplicht; ${help}`;
    case 'commander.excessArguments': {
      const [expected = '?', got = '?'] = /Expected (\d+) argument.* but got (\d+)/.exec(message)?.slice(1) ?? [];
      return `te veel argumenten (${got} gegeven, ${expected} verwacht); zet een waarde met spaties tussen aanhalingstekens; ${help}`;
    }
    case 'commander.conflictingOption':
      return `${optionName(first)} kan niet samen met ${optionName(second)}; ${help}`;
    case 'commander.invalidArgument': {
      const isOption = message.startsWith("error: option '");
      const [what, value] = isOption ? [optionName(first), second] : [`<${second}>`, first];
      const reason = message.replace(/^.*? is invalid\.\s*/s, '');
      const choices = /^Allowed choices are (.*)\.$/.exec(reason)?.[1];
      return `${what}: ${choices ? `"${value}" kan niet; kies uit ${choices}` : reason}; ${help}`;
    }
    default:
      return `de opdrachtregel klopt niet (${message.replace(/^error: /, '')}); ${help}`;
  }
}

/** `--periode <JJJJ-MM>` → `--periode`. */
function optionName(flags: string): string {
  return flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags;
}
