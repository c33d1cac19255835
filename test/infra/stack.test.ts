import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthApp } from './synth';

// One real synth (esbuild bundles every function) shared by every test in this file.
let template: Template;
let stack: Stack;
let outdir: string;

beforeAll(() => {
  const built = synthApp({ bundle: true });
  built.app.synth();
  stack = built.stack;
  outdir = built.outdir;
  template = Template.fromStack(stack);
});

// The assembly holds a copy of Chromium per synth: do not leave it behind.
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Resource = { Properties: Record<string, unknown> };
/** The console's resources (and CDK's function that deploys its pages) have their own assertions in console.test.ts. */
const notConsole = ([id]: [string, unknown]) => !id.startsWith('Console') && !id.startsWith('CustomCDKBucketDeployment');
const functions = () =>
  Object.values(
    template.findResources('AWS::Lambda::Function', { Properties: { Runtime: Match.stringLikeRegexp('^nodejs') } }),
  ) as Resource[];
const functionWithHandlerEnv = (env: string) => functions().filter((f) => JSON.stringify(f.Properties.Environment ?? {}).includes(env));
const logicalIdOf = (type: string, props: Record<string, unknown>) => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const runFunctionId = () => logicalIdOf('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('bimonthly report run') });

describe('the schedule', () => {
  it('starts the run at 07:00 on the first of every odd month, Amsterdam time, with no flexible window', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 1 1/2 ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('passes the scheduled time to the run function, retries a failed start and parks it in a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        Arn: { 'Fn::GetAtt': [runFunctionId(), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleFailedStarts'), 'Arn'] } },
      },
    });
  });
});

describe('the functions', () => {
  it('all run on Node.js 24 with JSON logs into their own log group with a retention', () => {
    expect(functions()).toHaveLength(5);
    for (const fn of functions()) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['x86_64'], LoggingConfig: { LogFormat: 'JSON' } });
    }
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[];
    expect(groups).toHaveLength(6); // five functions and the console API's access log
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('gives the run function memory for Chromium, one concurrent run and its own on-failure queue', () => {
    const id = runFunctionId();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('bimonthly report run'),
      MemorySize: Match.anyValue(),
      ReservedConcurrentExecutions: 1,
    });
    const run = template.toJSON().Resources[id] as Resource;
    expect(run.Properties.MemorySize).toBeGreaterThanOrEqual(1600);
    expect(run.Properties.Timeout).toBe(900);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: id },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportRunFailedRuns'), 'Arn'] } } },
    });
  });

  it('sets every variable the run reads, and no CHROMIUM_PATH', () => {
    const run = template.toJSON().Resources[runFunctionId()] as Resource;
    const variables = (run.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'ARCHIVE_BUCKET',
        'ORGANISATION_NAME',
        'MAIL_FROM',
        'SES_CONFIGURATION_SET',
        'SUPPRESSION_THRESHOLD',
        'MAX_SEND_RATE',
      ]),
    );
    expect(variables).not.toHaveProperty('CHROMIUM_PATH');
    // Shorter than the async retry delays, so a retry after a timeout can take the run over.
    expect(Number(variables.LEASE_SECONDS)).toBeLessThan(180);
  });

  it('starts the import for files created under incoming/ only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }),
        ],
      },
    });
    expect(functionWithHandlerEnv('INGEST_BUCKET')).toHaveLength(1);
  });

  it('subscribes the delivery-events function to the SES event topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^MailEvents') },
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailDeliveryEvents'), 'Arn'] },
    });
  });
});

describe('the run bundle', () => {
  const runAsset = () => {
    const run = template.toJSON().Resources[runFunctionId()] as Resource;
    const key = (run.Properties.Code as { S3Key: string }).S3Key;
    return path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };

  it('is an ES module that imports Chromium instead of bundling it', () => {
    const bundle = readFileSync(path.join(runAsset(), 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/from\s*"@sparticuz\/chromium"/);
    expect(existsSync(path.join(runAsset(), 'index.mjs.map'))).toBe(true);
  });

  it('carries Chromium, its dependencies, the font files and the templates beside the bundle', () => {
    for (const file of [
      'node_modules/@sparticuz/chromium/bin/chromium.br',
      'node_modules/@sparticuz/chromium/package.json',
      'node_modules/tar-fs/package.json',
      'node_modules/follow-redirects/package.json',
      'node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff2',
      'templates/report.hbs',
      'templates/mail/subject.hbs',
    ]) {
      expect(existsSync(path.join(runAsset(), file)), file).toBe(true);
    }
  });
});

describe('storage', () => {
  it('keeps one on-demand table with point-in-time recovery, deletion protection and encryption, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('blocks public access and encrypts every bucket, retains them, and versions the archive', () => {
    const buckets = Object.fromEntries(Object.entries(template.findResources('AWS::S3::Bucket')).filter(notConsole));
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets) as (Resource & { DeletionPolicy: string })[]) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      });
      expect(bucket.Properties.LifecycleConfiguration).toBeDefined();
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'archive/' }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'ingest/' }) });
  });

  it('refuses requests without TLS on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[];
    expect(policies).toHaveLength(5); // the console's pages and CDN-log buckets too
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('least privilege', () => {
  const statements = () =>
    (Object.entries(template.findResources('AWS::IAM::Policy')).filter(notConsole).map(([, p]) => p) as Resource[]).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
  const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it('allows ses:SendRawEmail only on the identity and the configuration set, never on *', () => {
    const send = statements().filter((s) => actionsOf(s).includes('ses:SendRawEmail'));
    expect(send).toHaveLength(2); // the run and the re-send
    for (const s of send) {
      expect(s.Resource).not.toBe('*');
      const resources = JSON.stringify(s.Resource);
      expect(resources).toContain(':identity/');
      expect(resources).toContain(':configuration-set/');
      expect((s.Resource as unknown[]).length).toBe(2);
    }
  });

  it('uses * only for ses:GetAccount, which has no resource type', () => {
    const wildcard = statements().filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(wildcard.flatMap(actionsOf).filter((a) => !a.startsWith('s3:PutBucketNotification'))).toEqual(['ses:GetAccount']);
  });

  it('lets functions read report images only under images/, and write none', () => {
    const onImages = statements().filter((s) => JSON.stringify(s.Resource).includes('/images/*'));
    expect(onImages.length).toBeGreaterThan(0);
    expect(onImages.flatMap(actionsOf)).toEqual(onImages.map(() => 's3:GetObject'));
  });

  it('never grants a whole service, a scan or a delete on the table', () => {
    const actions = statements().flatMap(actionsOf);
    expect(actions.filter((a) => a.endsWith(':*'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });
});

describe('operations', () => {
  const alarmOn = (metricName: string, namespace?: string) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      ...(namespace ? { Namespace: namespace } : {}),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OperationsAlarms') }],
    });

  it('alarms the operator on run errors, unfinished runs and bounces', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: runFunctionId() } }],
      Threshold: 1,
    });
    alarmOn('RunsNotCompleted', 'Rapportbode');
    alarmOn('Reputation.BounceRate', 'AWS/SES');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricName: 'RunsNotCompleted' })],
    });
  });

  it('alarms on anything in each of the four dead-letter queues', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 },
    });
    expect(Object.keys(alarms)).toHaveLength(4);
  });

  it('mails the alarms to the operator', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'beheer@example.org' });
  });

  it('outputs the names an operator needs', () => {
    for (const name of ['TableName', 'ArchiveBucketName', 'IngestBucketName', 'RunFunctionName', 'ResendFunctionName'])
      template.hasOutput(name, {});
  });
});

describe('cdk-nag', () => {
  it('leaves no unacknowledged AwsSolutions error', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(errors).toEqual([]);
  });

  it('stops the synth when a resource breaks a rule without an acknowledgement', () => {
    // Prepare: the same app, unbundled, plus a bucket that allows plain HTTP.
    const { app, stack: other, outdir: otherOutdir } = synthApp({ bundle: false });
    new s3.Bucket(other, 'Careless', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });

    // Act / Assess
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
    } finally {
      rmSync(otherOutdir, { recursive: true, force: true });
    }
  });

  it('gives every acknowledgement a specific reason', () => {
    const reasons = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(60);
  });
});
