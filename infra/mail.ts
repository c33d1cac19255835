import { CfnOutput, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type DeploymentConfig, mailAddress } from './config';
import { DeadLetterQueue } from './dead-letter-queue';
import { FunctionWithLogGroup } from './function-with-log-group';
import { type Storage, TABLE_ACCESS } from './storage';

export interface MailProps {
  readonly config: DeploymentConfig;
  readonly storage: Storage;
  /** Encrypts the event topic; SES must be allowed to use it. */
  readonly topicKey: kms.IKey;
}

/**
 * Sending through SES and hearing back: the sending identity, a configuration set whose bounce,
 * complaint, delivery and reject events go to an SNS topic, and the function that records them
 * in the delivery log (and blocks an address after a hard bounce or a complaint).
 */
export class Mail extends Construct {
  readonly identityArn: string;
  readonly identityName: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  readonly eventsTopic: sns.Topic;
  readonly deliveryEvents: FunctionWithLogGroup;
  readonly deadLetterQueue: DeadLetterQueue;
  private readonly config: DeploymentConfig;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { config, storage, topicKey } = props;
    this.config = config;
    const stack = Stack.of(this);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    this.identityName = config.sesIdentity;
    if (config.sesIdentityExists) {
      this.identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity });
    } else {
      const identity = new ses.EmailIdentity(this, 'Identity', {
        identity: config.sesIdentity.includes('@') ? ses.Identity.email(config.sesIdentity) : ses.Identity.domain(config.sesIdentity),
        // Mail sent without naming a configuration set still reports its bounces.
        configurationSet: this.configurationSet,
      });
      this.identityArn = identity.emailIdentityArn;
      if (!config.sesIdentity.includes('@')) {
        // A domain is verified by these three CNAME records (Easy DKIM).
        identity.dkimRecords.forEach((record, i) => {
          new CfnOutput(this, `DkimRecord${i + 1}`, {
            description: 'CNAME to add to the domain for SES',
            value: Fn.join(' CNAME ', [record.name, record.value]),
          });
        });
      }
    }

    this.eventsTopic = new sns.Topic(this, 'Events', {
      displayName: 'rapportbode SES delivery events',
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('ToTopic', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.REJECT],
    });

    this.deadLetterQueue = new DeadLetterQueue(this, 'FailedEvents', 'SES events that could not be recorded');
    this.deliveryEvents = new FunctionWithLogGroup(this, 'DeliveryEvents', {
      handler: 'delivery-events',
      description: 'rapportbode: records SES bounce, complaint, delivery and reject events in the delivery log',
      memorySize: 256,
      timeout: Duration.seconds(30),
    });
    storage.grantTable(this.deliveryEvents, TABLE_ACCESS.deliveryEvents);
    // SNS invokes asynchronously: Lambda retries a failed event, then parks it here. SNS parks an
    // event it could not deliver at all (e.g. throttled past its retries) in the same queue.
    this.deliveryEvents.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.deadLetterQueue) });
    this.eventsTopic.addSubscription(new LambdaSubscription(this.deliveryEvents, { deadLetterQueue: this.deadLetterQueue }));
  }

  /**
   * Lets a function send as the configured sender through the configuration set, and nothing
   * else: sets MAIL_FROM, SES_CONFIGURATION_SET and MAX_SEND_RATE with the
   * permission. With `readQuota`, also ses:GetAccount, for the check of the 24-hour quota before a run.
   */
  grantSend(fn: lambda.Function, options: { readQuota: boolean }): void {
    fn.addEnvironment('MAIL_FROM', this.config.mailFrom);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.addEnvironment('MAX_SEND_RATE', String(this.config.maxSendRate));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendRawEmail'],
        // A domain identity lets SES send as any address in the domain; the function may send as
        // the one sender it is configured with. For SendRawEmail SES takes this from the From
        // header (we pass no Source), so a message with another From is refused.
        conditions: { StringEquals: { 'ses:FromAddress': mailAddress(this.config.mailFrom) } },
        resources: [
          this.identityArn,
          this.configurationSetArn,
          ...this.config.sesSandboxRecipients.map((r) =>
            Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: r }),
          ),
        ],
      }),
    );
    if (options.readQuota) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
      if (fn.role) {
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'ses:GetAccount (the 24-hour send quota, read before a run) has no resource type in IAM: it only accepts "*". It reads account settings and sends nothing.',
        });
      }
    }
  }
}
