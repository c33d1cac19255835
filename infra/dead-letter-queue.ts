import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where an event ends up when every retry failed: kept 14 days (the SQS maximum), encrypted,
 * TLS only. The operations construct alarms on anything in it.
 */
export class DeadLetterQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, what: string) {
    super(scope, id, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${what}); an operator reads it after an alarm, nothing consumes it automatically.`,
    });
  }
}
