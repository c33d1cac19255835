import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { operatorMessage } from '../../functions/cli/error-message';
import { ENGLISH_SPELLING, commandPath } from '../../functions/cli/in-dutch';
import { buildProgram } from '../../functions/cli/program';
import { AUDIT_ACTION_NL, RUN_KIND_NL, RUN_STATUS_NL, SEND_STATUS_NL, dayNl, dutch, timeNl } from '../../functions/core/words-nl';
import type { AuditEntry } from '../../functions/usecases/ports';

/** Every command below the program, groups included, but not commander's own `help`. */
function commands(command: Command = buildProgram()): Command[] {
  return command.commands.filter((c) => c.name() !== 'help').flatMap((c) => [c, ...commands(c)]);
}

/** `recipients add` for `rapportbode recipients add`. */
const pathOf = (command: Command) => commandPath(command).replace(/^rapportbode /, '');

/** The options a command shows in its help; `--map` and `--help` every command has. */
const COMMON = ['--map', '--help'];
function shownOptions(command: Command): string[] {
  return command.options.filter((o) => !o.hidden && o.long && !COMMON.includes(o.long)).map((o) => o.long as string);
}

/**
 * English function words that Dutch text never has. Option names, `rapportbode …` commands and
 * quoted values are left out before looking: they are names, not prose.
 */
const ENGLISH = /\b(the|and|with|from|which|when|only|this|that|for|to|by|its|are|be|not|into|each|every|all|as|a|an|or|if|of the|default|choices|display)\b/i;
function prose(text: string): string {
  return text.replace(/--[\w-]+/g, ' ').replace(/rapportbode( [a-z-]+)+/g, ' ').replace(/"[^"]*"/g, ' ');
}

/** The README's CLI table: per command path its description and the English spellings it lists. */
function readmeTable(): { section: string; rows: Map<string, { options: string[]; description: string; also: string[] }> } {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('\n## ', readme.indexOf('## The CLI') + 1));
  const rows = new Map<string, { options: string[]; description: string; also: string[] }>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const [usage = '', description = '', also = ''] = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll('\\|', '|'));
    const code = usage.replace(/^`|`$/g, '');
    const words = code.split(' ');
    const end = words.findIndex((w) => !/^[a-z][a-z-]*$/.test(w));
    rows.set(words.slice(0, end === -1 ? undefined : end).join(' '), {
      options: [...code.matchAll(/--[a-z-]+/g)].map((m) => m[0]),
      description,
      also: [...also.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
    });
  }
  return { section, rows };
}

describe('the help of every command', () => {
  it("is Dutch: commander's own words and every description of a command, argument and option", () => {
    for (const command of [buildProgram(), ...commands()]) {
      const help = command.helpInformation();
      expect(help, pathOf(command)).not.toMatch(/Usage:|Options:|Commands:|Arguments:|\(default:|choices:|display help|\[options\]|\[command\]/);
      const texts = [
        command.description(),
        ...command.registeredArguments.map((a) => a.description),
        ...command.options.filter((o) => !o.hidden).map((o) => o.description),
      ];
      for (const text of texts) expect(prose(text), `${pathOf(command)}: ${text}`).not.toMatch(ENGLISH);
      expect(help).toContain('Gebruik:');
    }
  });

  it("is the README's CLI table: every command with its options, its description as --help shows it, and the spellings it also takes", () => {
    const { section, rows } = readmeTable();
    const all = commands();
    for (const command of all) {
      const row = rows.get(pathOf(command));
      expect(row, `README has no row for ${pathOf(command)}`).toBeDefined();
      expect(row?.description, pathOf(command)).toBe(command.description());
      expect(row?.options.sort(), pathOf(command)).toEqual(shownOptions(command).sort());
      const english = shownOptions(command).flatMap((o) => (ENGLISH_SPELLING[o] ? [ENGLISH_SPELLING[o] as string] : []));
      expect(row?.also.sort(), pathOf(command)).toEqual([...command.aliases(), ...english].sort());
    }
    expect([...rows.keys()].sort()).toEqual(all.map(pathOf).sort());
    expect(section).toContain('`--map MAP` (also `--dir`)');
  });

  it('shows each Dutch option with the English spelling it also takes, which itself stays out of sight', () => {
    const run = commands().find((c) => pathOf(c) === 'run') as Command;
    const help = run.helpInformation().replace(/\s+/g, ' ');
    expect(help).toContain('--periode <JJJJ-MM>');
    expect(help).toContain('(ook --period)');
    expect(help).toContain('(standaard: .rapportbode/local; ook --dir)');
    expect(help).not.toMatch(/^\s*--period /m);
  });
});

/** Parses `args` with the action of `target` replaced, and returns the options it would get. */
async function optionsFor(target: string, args: string[]): Promise<Record<string, unknown>> {
  const program = buildProgram();
  const command = commands(program).find((c) => pathOf(c) === target) as Command;
  let received: Record<string, unknown> = {};
  command.action((...given: unknown[]) => {
    received = (given.at(-1) as Command).opts();
  });
  await program.parseAsync(args, { from: 'user' });
  return received;
}

describe('an option in the English spelling it had before', () => {
  it('counts as the Dutch option, also where that one is required', async () => {
    expect(await optionsFor('commentary set', ['commentary', 'set', '--period', '2026-09', '--file', 'toelichting.md', '--dir', '/tmp/rb'])).toEqual({
      periode: '2026-09',
      bestand: 'toelichting.md',
      map: '/tmp/rb',
    });
    expect(await optionsFor('release', ['release', '2026-09-concept-1', '--hold'])).toMatchObject({ aanhouden: true, hervatten: false });
    expect(await optionsFor('organisation apply', ['organisation', 'apply', 'org.yaml', '--dry-run', '--force'])).toMatchObject({ proef: true, forceer: true });
    expect(await optionsFor('import', ['import', 'x.csv', '--kind', 'figures'])).toMatchObject({ soort: 'figures' });
    expect(await optionsFor('import', ['import', 'x.csv', '--soort', 'cijfers'])).toMatchObject({ soort: 'figures' });
    expect(await optionsFor('resend', ['resend', '2026-09-final', '--to', 'a@b.nl'])).toMatchObject({ aan: 'a@b.nl' });
  });

  it('is checked as the Dutch one is', async () => {
    const error = await optionsFor('run', ['run', '--period', '2026-9']).catch((e: unknown) => e);
    expect(operatorMessage(error).message).toBe('--period: periode "2026-9" is niet van de vorm JJJJ-MM (bijvoorbeeld 2026-09); zie rapportbode run --help');
  });
});

describe('a wrong command line', () => {
  async function messageFor(args: string[]): Promise<string> {
    const error = await buildProgram()
      .parseAsync(args, { from: 'user' })
      .then(() => undefined, (e: unknown) => e);
    const { message, expected } = operatorMessage(error);
    expect(expected).toBe(true);
    expect(message).not.toContain('\n');
    return message;
  }

  it('is one Dutch line that says what is wrong and which help to read', async () => {
    expect(await messageFor(['run', '--perode', '2026-09'])).toBe('onbekende optie --perode (bedoelt u --periode?); zie rapportbode run --help');
    expect(await messageFor(['rnu'])).toBe('onbekende opdracht "rnu" (bedoelt u run?); zie rapportbode --help');
    expect(await messageFor(['recipients', 'lijst'])).toBe('onbekende opdracht "lijst" (bedoelt u list?); zie rapportbode recipients --help');
    expect(await messageFor(['recipients', 'wissen'])).toBe('onbekende opdracht "wissen"; zie rapportbode recipients --help');
    expect(await messageFor(['resend'])).toBe('het argument <run-id> ontbreekt; zie rapportbode resend --help');
    expect(await messageFor(['run', '--periode'])).toBe('--periode vraagt een waarde (--periode <JJJJ-MM>); zie rapportbode run --help');
    expect(await messageFor(['recipients', 'add', '--naam', 'J. Jansen', '--email', 'j@tiel.nl'])).toBe('de optie --rol <rol> is verplicht; zie rapportbode recipients add --help');
    expect(await messageFor(['resend', '2026-09-final', 'Tiel'])).toBe(
      'te veel argumenten (2 gegeven, 1 verwacht); zet een waarde met spaties tussen aanhalingstekens; zie rapportbode resend --help',
    );
    expect(await messageFor(['import', 'x.csv', '--soort', 'cijfer'])).toBe('--soort: "cijfer" is geen soort; kies cijfers of benchmark; zie rapportbode import --help');
    expect(await messageFor(['bench', '--schaal', '0'])).toBe(
      '--schaal: "0" zijn geen hele getallen van 1 tot en met 1000, gescheiden door komma\'s (bijvoorbeeld 50,150,342); zie rapportbode bench --help',
    );
  });
});

describe('the words and times an operator reads', () => {
  it('are Dutch time, written the Dutch way', () => {
    expect(timeNl('2026-11-30T07:15:00Z')).toBe('30-11-2026 08:15');
    expect(timeNl('2026-07-01T22:05:00.000Z')).toBe('02-07-2026 00:05');
    expect(dayNl('2026-11-06')).toBe('06-11-2026');
  });

  it('leave what is not a time or a day as it is, and nothing as nothing', () => {
    expect(timeNl(undefined)).toBe('');
    expect(timeNl('gisteren')).toBe('gisteren');
    expect(dayNl(undefined)).toBe('');
    expect(dayNl('2026-11')).toBe('2026-11');
    expect(dayNl('x2026-11-06')).toBe('x2026-11-06');
    expect(dayNl('2026-11-06x')).toBe('2026-11-06x');
  });

  it('name every state of a run and of a message in Dutch, and an unknown one as it is', () => {
    for (const table of [RUN_STATUS_NL, RUN_KIND_NL, SEND_STATUS_NL]) {
      for (const [state, word] of Object.entries(table)) expect(word, state).toMatch(/^[a-z ]+$/);
    }
    expect([RUN_STATUS_NL.completed, RUN_KIND_NL.final, SEND_STATUS_NL.bounced, SEND_STATUS_NL['soft-bounce']]).toEqual(['voltooid', 'definitief', 'onbestelbaar', 'tijdelijk onbestelbaar']);
    expect(dutch(RUN_STATUS_NL, 'partial')).toBe('gedeeltelijk');
    expect(dutch(RUN_STATUS_NL, 'paused')).toBe('paused');
  });

  it('name every action of the audit trail in Dutch', () => {
    // Every action the audit trail stores, checked by the compiler against the stored type.
    const actions = {
      'recipient added': 0,
      'recipient removed': 0,
      'recipient changed': 0,
      'opted out': 0,
      'opted in': 0,
      'address blocked': 0,
      'block cleared': 0,
      'report resent': 0,
      'run released': 0,
      'run released before review end': 0,
      'final sent without concept': 0,
      'organisation applied': 0,
      'period held': 0,
      'period unheld': 0,
      'commentary set': 0,
      'image added': 0,
      'image removed': 0,
      'figures imported': 0,
      'figures delivered': 0,
      'benchmark imported': 0,
      'evaluation started': 0,
    } satisfies Record<AuditEntry['action'], 0>;
    for (const action of Object.keys(actions)) expect(AUDIT_ACTION_NL[action], action).toMatch(/^[a-z ]+$/);
    expect(AUDIT_ACTION_NL['recipient added']).toBe('ontvanger toegevoegd');
  });

  it('names every action as the console\'s Logboek filter offers it: the same words in the CLI, the Logboek and its filter', () => {
    const script = readFileSync(path.resolve(import.meta.dirname, '../../functions/console/static/js/logboek.js'), 'utf8');
    const offered = Object.fromEntries([...script.matchAll(/\['([a-z ]+)', '([^']+)'\]/g)].map((m) => [m[1], m[2]]));
    expect(offered).toEqual(AUDIT_ACTION_NL);
  });
});
