import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestStack, runCli, startTestStack } from '../support/test-stack';

/**
 * The tests run the CLI inside their own process (test-stack's runCli); an operator runs it as a
 * process of its own. Both must show the same: exit code, stdout (console and direct writes),
 * stderr (zod's messages in Dutch included), also for the same command run several times.
 */
describe('the CLI run inside the test process', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('rb-inproc');
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Each command line with its environment: a usage error, help, a config error (zod), output on stdout. */
  function commands(): { args: string[]; env: NodeJS.ProcessEnv }[] {
    const broken = path.join(stack.dir, 'ontvangers.csv');
    writeFileSync(broken, 'naam;e-mailadres\nJ. Jansen;geen-adres\n');
    const aws = { ...process.env, RAPPORTBODE_TARGET: 'aws', AWS_REGION: 'eu-west-1', TABLE_NAME: 't', ARCHIVE_BUCKET: 'a', RETENTION_DAYS: 'abc' };
    return [
      { args: ['run', '--perode', '2026-09'], env: stack.env },
      { args: ['recipients'], env: stack.env },
      { args: ['release', '--help'], env: stack.env },
      { args: ['runs'], env: aws },
      { args: ['runs', '--json'], env: stack.env },
      { args: ['recipients', 'export'], env: stack.env },
      { args: ['recipients', 'import', broken], env: { ...stack.env, USER: 'tester' } },
    ];
  }

  it('shows what a process of its own shows, call after call', async () => {
    // Act: each command in a child process and twice in this one
    const cases = commands();
    const inChild = await Promise.all(cases.map(({ args, env }) => runCli(args, env, { process: true })));
    const inProcess = [];
    for (const { args, env } of [...cases, ...cases]) inProcess.push(await runCli(args, env));
    // Assess: the same, and about something (every case says something, most of them fail)
    expect(inProcess).toEqual([...inChild, ...inChild]);
    expect(inChild.map((r) => r.code)).toEqual([1, 1, 0, 1, 0, 0, 1]);
    expect(inChild.every((r) => `${r.stdout}${r.stderr}`.trim() !== '')).toBe(true);
    expect(inChild[3]?.stderr).toContain('RETENTION_DAYS: Ongeldige invoer: verwacht getal, ontving NaN');
  });

  it('leaves this process as it found it: its environment, exit code and zod in English', async () => {
    // Prepare
    const env = { ...process.env };
    // Act
    const result = await runCli(['runs'], { ...stack.env, RAPPORTBODE_TARGET: 'aws', RETENTION_DAYS: 'abc' });
    // Assess
    expect(result.code).toBe(1);
    expect(process.env).toEqual(env);
    expect(process.exitCode).toBeUndefined();
    expect(z.number().safeParse('x').error?.issues[0]?.message).toBe('Invalid input: expected number, received string');
  });
});
