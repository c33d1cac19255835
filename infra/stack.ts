import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { type DeploymentConfig, retentionDays } from './config';
import { Console } from './console';
import { Ingest } from './ingest';
import { LinkPages } from './link-pages';
import { Mail } from './mail';
import { Operations } from './operations';
import { ReportRun } from './report-run';
import { Resend } from './resend';
import { ReportSchedule } from './schedule';
import { Storage } from './storage';
import { WebEdition } from './web-edition';

export interface RapportbodeStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

/** rapportbode in one account and region: what runs locally, deployed. */
export class RapportbodeStack extends Stack {
  readonly storage: Storage;
  readonly mail: Mail;
  readonly ingest: Ingest;
  readonly reportRun: ReportRun;
  readonly resend: Resend;
  readonly schedule: ReportSchedule;
  readonly operations: Operations;
  readonly console: Console;
  readonly linkPages: LinkPages;
  readonly webEdition: WebEdition;

  constructor(scope: Construct, id: string, props: RapportbodeStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Both SNS topics carry addresses (bounces) or operational detail: encrypted with a key of
    // our own, because SES and CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    // Each publisher's use of the key is granted where its topic is made (Operations for CloudWatch).
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'rapportbode: encrypts the SES event topic and the alarm topic',
      enableKeyRotation: true,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'Publish from ses.amazonaws.com',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    this.storage = new Storage(this, 'Storage', { retentionDays: retentionDays(config) });
    this.mail = new Mail(this, 'Mail', { config, storage: this.storage, topicKey });
    this.ingest = new Ingest(this, 'Ingest', { storage: this.storage });
    this.reportRun = new ReportRun(this, 'ReportRun', { config, storage: this.storage, mail: this.mail });
    this.resend = new Resend(this, 'Resend', { config, storage: this.storage, mail: this.mail });
    this.schedule = new ReportSchedule(this, 'Schedule', { expression: config.scheduleExpression, runFunction: this.reportRun.function });
    this.operations = new Operations(this, 'Operations', {
      operatorEmail: config.operatorEmail,
      topicKey,
      runFunction: this.reportRun.function,
      mail: this.mail,
      deadLetterQueues: {
        ScheduledStarts: this.schedule.deadLetterQueue,
        Runs: this.reportRun.deadLetterQueue,
        Imports: this.ingest.deadLetterQueue,
        DeliveryEvents: this.mail.deadLetterQueue,
      },
    });

    this.console = new Console(this, 'Console', { storage: this.storage, runFunction: this.reportRun.function, resendFunction: this.resend.function });
    // The pages personal links open, on the console's address; the run (concepts, the cycle's reminders) makes the links.
    this.linkPages = new LinkPages(this, 'LinkPages', { storage: this.storage, distribution: this.console.distribution });
    this.linkPages.grantLinks(this.reportRun.function);
    // A municipality's upload is checked at once and the result mailed back to whoever uploaded it.
    this.mail.grantSend(this.linkPages.function, { readQuota: false });

    // A re-sent final carries a fresh reading link: the re-send signs links too.
    this.linkPages.grantLinks(this.resend.function);

    // The web editions: a release publishes them (the console hands a release to the run function)
    // and links to them from the final's mail. `/lezen/*` on the editions' own distribution goes to
    // the link pages' function, which sets the reading cookies there.
    this.webEdition = new WebEdition(this, 'WebEdition', { storage: this.storage, publication: config.webPublication, publicKeyPem: config.editionPublicKey, linkPagesOrigin: this.linkPages.origin });
    this.webEdition.grantPublish(this.reportRun.function);
    this.webEdition.grantReadingAddress(this.resend.function);
    this.webEdition.grantReadingCookies(this.linkPages.function);
    // A signed-in beheerder or lezer opens any municipality's edition from the console: a short-lived lezen link.
    this.linkPages.grantLinks(this.console.function);
    this.webEdition.grantReadingAddress(this.console.function);

    // What the README's deploy section and the operator's CLI (RAPPORTBODE_TARGET=aws) need.
    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName, description: 'TABLE_NAME for the CLI' });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.storage.archiveBucket.bucketName, description: 'ARCHIVE_BUCKET for the CLI' });
    new CfnOutput(this, 'RetentionDays', { value: String(this.storage.retentionDays), description: 'RETENTION_DAYS for the CLI' });
    new CfnOutput(this, 'IngestBucketName', {
      value: this.storage.ingestBucket.bucketName,
      description: 'upload CSV files to s3://<this>/incoming/',
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.webEdition.distribution.distributionDomainName}/`, description: 'the web editions: <this><gemeente>/' });
    if (this.webEdition.signingKey) {
      new CfnOutput(this, 'EditionSigningKeySecret', { value: this.webEdition.signingKey.secretArn, description: 'put the editions’ private key here: aws secretsmanager put-secret-value --secret-id <this> --secret-string file://edition-key.pem' });
    }
    new CfnOutput(this, 'RunFunctionName', { value: this.reportRun.function.functionName, description: 'aws lambda invoke a run by hand' });
    new CfnOutput(this, 'LinkPagesUrl', { value: this.linkPages.url, description: 'LINK_PAGES_URL for the CLI: where the links in mails lead' });
    new CfnOutput(this, 'LinkKeySecretArn', { value: this.linkPages.key.secretArn, description: 'LINK_KEY_SECRET_ARN for the CLI: the key that signs personal links' });
    new CfnOutput(this, 'ResendFunctionName', { value: this.resend.function.functionName, description: 'aws lambda invoke a re-send' });
  }
}
