import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type TestStack, sesStore, startTestStack } from './test-stack';

/** One mail into the stack's SES emulator, as the product's mailer would send it. */
async function sendOne(stack: TestStack, subject: string): Promise<void> {
  const client = new SESv2Client({ endpoint: stack.endpoints.ses });
  try {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'rapportbode@example.org',
        Destination: { ToAddresses: ['lezer@example.org'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'tekst' } } } },
      }),
    );
  } finally {
    client.destroy();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the emulators a test file gets', () => {
  const stacks: TestStack[] = [];
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
  });

  it("uses its worker slot's emulators, sees none of the mails an earlier file left there, and leaves them running", async () => {
    // Prepare: an earlier file on the same slot sent a mail and closed its stack.
    const earlier = await startTestStack('rb-earlier');
    await sendOne(earlier, 'van een eerder bestand');
    await earlier.close();
    // Act
    const stack = await startTestStack('rb-later');
    stacks.push(stack);
    // Assess
    expect(stack.started).toEqual([]);
    expect(stack.endpoints).toEqual(inject('emulatorStacks')[process.env.VITEST_POOL_ID as string]);
    expect(stack.names.tableName).not.toBe(earlier.names.tableName);
    expect(await sesStore(stack)).toEqual([]);
    await sendOne(stack, 'van dit bestand');
    expect((await sesStore(stack)).map((mail) => mail.subject)).toEqual(['van dit bestand']);
  });

  it('starts emulators of its own when asked, and stops them by pid when it closes', async () => {
    // Act
    const own = await startTestStack('rb-own', { own: true });
    const pids = own.started.map((emulator) => emulator.pid);
    await own.close();
    // Assess
    expect(own.started.map((emulator) => emulator.service).sort()).toEqual(['dynamodb', 's3', 'ses']);
    expect(own.endpoints.ses).not.toBe(inject('emulatorStacks')[process.env.VITEST_POOL_ID as string]?.ses);
    expect(pids.filter(alive)).toEqual([]);
  });
});
