import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldStart, lambdaContext } from '../support/lambda-context';
import { applyDemoOrganisation } from '../support/organisation';
import { type TestStack, scanTable, startTestStack } from '../support/test-stack';

const RETENTION_DAYS = 1827;
const DAY_SECONDS = 86_400;

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode: number; body: string }>;

describe('the console API function, in-process against the emulators', () => {
  let stack: TestStack;
  let handler: Handler;

  beforeAll(async () => {
    // Prepare: the environment the stack gives the console function (infra/storage.ts grantTable sets RETENTION_DAYS).
    stack = await startTestStack('rb-console-fn');
    await applyDemoOrganisation(stack.names.tableName);
    Object.assign(process.env, {
      TABLE_NAME: stack.names.tableName,
      ARCHIVE_BUCKET: stack.names.archiveBucket,
      RETENTION_DAYS: String(RETENTION_DAYS),
      RUN_FUNCTION_NAME: 'rapportbode-run',
      RESEND_FUNCTION_NAME: 'rapportbode-resend',
    });
    coldStart();
    ({ handler } = (await import('../../functions/handlers/console-api')) as unknown as { handler: Handler });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('writes its audit entries with the bewaartermijn, like every other function', async () => {
    // Act: a beheerder adds a reviewer (an audited change)
    const answer = await handler(
      {
        rawPath: '/api/ontvangers',
        rawQueryString: '',
        headers: {},
        body: JSON.stringify({ rol: 'reviewer', naam: 'R. Reviewer', email: 'r.reviewer@werkzaak.example' }),
        isBase64Encoded: false,
        requestContext: { requestId: 'req-add', http: { method: 'POST', sourceIp: '192.0.2.10' }, authorizer: { jwt: { claims: { username: 'b.beheerder', 'cognito:groups': '[beheerder]' }, scopes: ['rapportbode/console'] } } },
      },
      lambdaContext('console'),
    );
    // Assess: the entry is there, and DynamoDB deletes it RETENTION_DAYS after the change
    expect(answer.statusCode).toBe(201);
    const audit = (await scanTable(stack.names.tableName)).filter((i) => i.pk === 'AUDIT');
    expect(audit).toHaveLength(1);
    const entry = audit[0] as { at: string; actor: string; action: string; expiresAt?: number };
    expect(entry).toMatchObject({ actor: 'b.beheerder', action: 'recipient added' });
    expect(entry.expiresAt).toBe(Math.floor(Date.parse(entry.at) / 1000) + RETENTION_DAYS * DAY_SECONDS);
  });
});
