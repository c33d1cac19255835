import { ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE, RUNS_NOT_COMPLETED } from '../functions/adapters/metric-names';
import type { FunctionWithLogGroup } from './function-with-log-group';
import type { Mail } from './mail';


export interface OperationsProps {
  readonly operatorEmail: string;
  readonly topicKey: kms.IKey;
  readonly runFunction: FunctionWithLogGroup;
  readonly mail: Mail;
  /** Every dead-letter queue, by what lands in it. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
}

/**
 * What tells an operator that something needs a look, by e-mail: the run failed or did not
 * complete, an event was parked in a dead-letter queue, or SES reputation is slipping.
 */
export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { runFunction, mail } = props;

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: 'rapportbode alarms',
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new EmailSubscription(props.operatorEmail));
    this.letAlarmsPublish(props.topicKey);

    // Crashed or timed out: Lambda counts both as errors.
    this.alarm('RunErrors', {
      alarmDescription: 'The report run failed (error or timeout). Lambda retries it twice; see the run log group.',
      metric: runFunction.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
    });

    // A run that returned but did not complete: it ended partial or failed (a message refused or
    // its outcome unknown). The run function writes the outcome of every run as an embedded metric
    // (functions/adapters/metrics.ts, with the names shared from metric-names.ts); a run that
    // throws (e.g. still held by another attempt) is a Lambda error, alarmed above.
    this.alarm('RunNotCompleted', {
      alarmDescription:
        'A report run ended partial or failed: some messages were not sent or their outcome is unknown. Check `rapportbode deliveries`, then resend.',
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: RUNS_NOT_COMPLETED,
        dimensionsMap: { service: METRIC_SERVICE },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
    });

    for (const [what, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${what}DeadLetters`, {
        alarmDescription: `Something landed in the dead-letter queue for ${what}: an event that failed after its retries. Read the message, fix the cause, then redo it by hand.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 1,
      });
    }

    // SES puts an account under review at a 5% bounce rate and 0.1% complaint rate; warn well before.
    this.alarm('BounceRate', {
      alarmDescription: 'SES bounce rate above 2.5% (SES reviews the account at 5%). Check the blocked addresses and the recipient list.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0.025,
    });
    this.alarm('ComplaintRate', {
      alarmDescription: 'SES complaint rate above 0.05% (SES reviews the account at 0.1%).',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0.0005,
    });

    this.outputs(runFunction, mail);
  }

  /**
   * The topic's policy holds only the TLS rule, which replaces SNS's default policy: without these
   * statements CloudWatch may neither publish to the topic nor use its key, and every alarm would
   * be silent. Both only for this account's alarms of this stack (`<stack>-<id>`, see alarm()).
   */
  private letAlarmsPublish(topicKey: kms.IKey): void {
    const stack = Stack.of(this);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'PublishFromOurAlarms', principals: [cloudWatch], actions: ['sns:Publish'], resources: [this.alarmTopic.topicArn], conditions }),
    );
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'Publish from cloudwatch.amazonaws.com',
        principals: [cloudWatch],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions,
      }),
    );
  }

  private alarm(id: string, props: { alarmDescription: string; metric: cloudwatch.IMetric; threshold: number }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      alarmName: `${Stack.of(this).stackName}-${id}`,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Runs happen six times a year: no data is the normal state, not a problem.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  private outputs(runFunction: FunctionWithLogGroup, mail: Mail): void {
    const region = Stack.of(this).region;
    const console = `https://${region}.console.aws.amazon.com`;
    new CfnOutput(this, 'RunLogsConsole', {
      description: 'The report run’s logs',
      value: `${console}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${runFunction.logGroup.logGroupName}`,
    });
    new CfnOutput(this, 'AlarmsConsole', {
      description: 'rapportbode’s alarms',
      value: `${console}/cloudwatch/home?region=${region}#alarmsV2:?search=${Stack.of(this).stackName}`,
    });
    new CfnOutput(this, 'SesConsole', {
      description: 'SES: identity, sending limits and the sandbox status',
      value: `${console}/ses/home?region=${region}#/account`,
    });
    new CfnOutput(this, 'ConfigurationSetName', { value: mail.configurationSet.configurationSetName });
  }
}
