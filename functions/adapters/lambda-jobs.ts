import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ConsoleJobs } from '../console/ports';
import { clientPerEnvironment } from './sdk-client';

/** One client per environment (sdk-client.ts). */
const lambda = clientPerEnvironment(['AWS_ENDPOINT_URL_LAMBDA'], () => new LambdaClient({}));

/**
 * The console's long work in AWS: handed to the run function (a release) or the re-send function,
 * invoked asynchronously (`Event`), so the console answers within API Gateway's 30 s. Lambda
 * retries a failed invocation; the run's lease and the re-send's request id keep a retry from
 * sending anything twice. The operator follows the outcome on the Rapporten page.
 */
export class LambdaJobs implements ConsoleJobs {
  constructor(private readonly functions: { readonly run: string; readonly resend: string }) {}

  async release(runId: string, releasedBy: string, options: Parameters<ConsoleJobs['release']>[2] = {}) {
    const early = options.beforeReviewEnd ? { beforeReviewEndReason: options.beforeReviewEnd.reason } : {};
    await this.invoke(this.functions.run, { action: 'release', runId, releasedBy, ...early });
    return { done: false as const, queued: `De vrijgave van ${runId} is gestart. De definitieve versie verschijnt bij Rapporten zodra de run klaar is.` };
  }

  async resend(request: Parameters<ConsoleJobs['resend']>[0]) {
    const { runId, municipality, to, onlyFailed, requestId, requestedBy } = request;
    await this.invoke(this.functions.resend, { runId, municipality, to, onlyFailed, requestId, requestedBy });
    return { done: false as const, queued: `Het opnieuw verzenden van ${runId} is gestart; de verzendingen verschijnen bij Rapporten.` };
  }

  private async invoke(functionName: string, payload: Record<string, unknown>): Promise<void> {
    await lambda().send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
  }
}
