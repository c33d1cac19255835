import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { FunctionWithLogGroup } from './function-with-log-group';
import { type Storage, TABLE_ACCESS } from './storage';

/** The folder operators upload CSV files to; the import moves each file on when it is handled. */
export const INCOMING_PREFIX = 'incoming/';

/**
 * A CSV file that lands in the ingest bucket's `incoming/` starts the import: validated as a
 * whole and written all or nothing; a rejected file gets its error report in `rejected/`.
 */
export class Ingest extends Construct {
  readonly function: FunctionWithLogGroup;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: { readonly storage: Storage }) {
    super(scope, id);
    const { storage } = props;

    this.deadLetterQueue = new DeadLetterQueue(this, 'FailedImports', 'S3 events whose import failed after its retries');
    this.function = new FunctionWithLogGroup(this, 'Function', {
      handler: 'import-figures',
      description: 'rapportbode: imports a CSV file from the ingest bucket, all or nothing',
      // csv-parse streams, but a whole file is validated before anything is written.
      memorySize: 1024,
      timeout: Duration.minutes(5),
    });
    storage.grantTable(this.function, TABLE_ACCESS.import);
    storage.grantIngest(this.function);
    // A file that keeps failing stays in incoming/; its event waits here for an operator.
    this.function.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.deadLetterQueue) });

    storage.ingestBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(this.function), {
      prefix: INCOMING_PREFIX,
    });
    acknowledgeBucketNotificationsHandler(Stack.of(this));
  }
}

/**
 * CDK configures bucket notifications through a singleton custom-resource function it defines
 * itself (BucketNotificationsHandler…), with a role we cannot shape.
 */
function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler)
    throw new Error('CDK no longer creates a BucketNotificationsHandler; revisit the cdk-nag acknowledgements in infra/ingest.ts');
  // Its s3:PutBucketNotification statement is scoped to the ingest bucket, so only the managed
  // policy needs a word.
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own BucketNotificationsHandler (it sets the ingest bucket's notification at deploy time) uses the basic execution role; CDK offers no way to give it another.",
  });
}
