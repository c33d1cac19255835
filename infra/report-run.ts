import { Duration } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { DEFAULT_LEASE_SECONDS } from '../functions/adapters/config';
import type { DeploymentConfig } from './config';
import { DeadLetterQueue } from './dead-letter-queue';
import { FunctionWithLogGroup } from './function-with-log-group';
import type { Mail } from './mail';
import { type Storage, TABLE_ACCESS } from './storage';

export interface ReportRunProps {
  readonly config: DeploymentConfig;
  readonly storage: Storage;
  readonly mail: Mail;
}

/**
 * The bimonthly run: aggregate, render, print with Chromium, archive, mail, record. One run at a
 * time (reserved concurrency 1); a failed asynchronous invocation is retried and then parked in
 * its own dead-letter queue with the event that started it.
 */
export class ReportRun extends Construct {
  readonly function: FunctionWithLogGroup;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ReportRunProps) {
    super(scope, id);
    const { storage, mail } = props;

    this.deadLetterQueue = new DeadLetterQueue(this, 'FailedRuns', 'run invocations that failed after their retries');

    this.function = new FunctionWithLogGroup(this, 'Function', {
      handler: 'run-report',
      description: 'rapportbode: the bimonthly report run (render, print, archive, mail)',
      // Chromium wants at least 1600 MB; 2048 MB also buys about 1.2 vCPU for printing.
      memorySize: 2048,
      // Sending is paced at MAX_SEND_RATE (1 a second in the SES sandbox): a large werkbedrijf with
      // a few hundred messages needs several minutes for the mail alone, after ~1 s of rendering
      // and printing per municipality. 15 minutes (Lambda's maximum) covers that; a run cut off
      // anyway is resumed by a retry, which sends only what is still unsent.
      timeout: Duration.minutes(15),
      // One worker per run is also enforced by the run lease; this keeps a burst of manual
      // invocations from starting browsers that would only find the lease taken.
      reservedConcurrentExecutions: 1,
      // Chromium unpacks its binaries from its own package folder, and the renderer reads the font
      // files from @fontsource: both must be real node_modules beside the bundle.
      nodeModules: ['@sparticuz/chromium', '@fontsource/source-sans-3'],
      withTemplates: true,
      environment: {
        // Shorter than Lambda's first retry (about a minute after a crash or timeout), so the retry
        // continues the run; longer than any gap between the run's renewals (see the constant).
        LEASE_SECONDS: String(DEFAULT_LEASE_SECONDS),
      },
    });
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      // A run that could not start within six hours should be looked at, not started late.
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    storage.grantTable(this.function, TABLE_ACCESS.run);
    storage.grantArchive(this.function, 'readWrite');
    storage.grantImagesRead(this.function);
    mail.grantSend(this.function, { readQuota: true });
  }
}
