import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';

/** What the Lambda runtime hands a handler with each invocation; the handlers log its request id. */
export function lambdaContext(functionName: string, awsRequestId: string = randomUUID()): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/11/01/[$LATEST]${awsRequestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Call before importing a handler. A Lambda handler reads its configuration when it is loaded, as
 * on a cold start; test files share a worker's loaded modules (vitest.config.ts), so what earlier
 * files loaded is forgotten and the handler is loaded anew with this file's environment.
 */
export function coldStart(): void {
  vi.resetModules();
}
