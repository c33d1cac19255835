import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSynth } from './synth';

// The template's shape only: esbuild is skipped (stack.test.ts bundles every function once).
const synthesized = useSynth({ bundle: false });
let template: Template;

beforeAll(() => {
  ({ template } = synthesized());
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown>; Principal?: unknown; Sid?: string; Effect: string };
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = () => Object.entries(template.toJSON().Resources as Record<string, Resource>);

/** The resources a function's code touches, by the logical id CDK gives them (Storage/Table → StorageTable…). */
const NAMES: [RegExp, string][] = [
  [/^StorageTable/, 'table'],
  [/^StorageArchive/, 'archive'],
  [/^StorageIngest/, 'ingest'],
  [/^WebEditionEditions/, 'editions'],
  [/^MailIdentity/, 'sender identity'],
  [/^MailConfigurationSet/, 'configuration set'],
  [/^ReportRunFunction/, 'run function'],
  [/^ResendFunction/, 'resend function'],
  [/^LinkPagesLinkKey/, 'link key'],
  [/^WebEditionSigningKey/, 'edition signing key'],
];

/** One resource of a statement as a reader would name it: `archive/runs/*`, `table`, `run function:*`. */
function nameOf(resource: unknown): string {
  if (resource === '*') return '*';
  const text = JSON.stringify(resource);
  const ids = [...text.matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)].map((m) => m[1] as string);
  const named = ids.map((id) => NAMES.find(([pattern]) => pattern.test(id))?.[1]).find((n) => n !== undefined);
  if (!named) throw new Error(`a grant on a resource this test does not know: ${text}`);
  const suffix = /"(\/(?:[a-z]+\/)?\*|:\*)"\]\]\}$/.exec(text)?.[1] ?? '';
  return `${named}${suffix}`;
}

/**
 * What a function's role may do to the table, the buckets, SES and other functions, as
 * `<action> <resource>` lines (a condition on an S3 prefix is shown after it). Its own log group
 * and dead-letter queue (CDK's wiring, the same for every function) are left out.
 */
function grantsOf(description: RegExp): string[] {
  const found = resources().filter(([, r]) => r.Type === 'AWS::Lambda::Function' && description.test(String(r.Properties.Description)));
  expect(found, String(description)).toHaveLength(1);
  const [, fn] = found[0] as [string, Resource];
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const statements = resources()
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const lines = statements.flatMap((s) => {
    const prefix = (s.Condition?.StringLike as Record<string, string> | undefined)?.['s3:prefix'];
    const actions = [s.Action].flat().filter((a) => /^(dynamodb|s3|ses|lambda|secretsmanager):/.test(a));
    return actions.flatMap((action) => [s.Resource].flat().map((r) => `${action} ${nameOf(r)}${prefix ? ` (prefix ${prefix})` : ''}`));
  });
  return [...new Set(lines)].sort();
}

const on = (resource: string, ...actions: string[]) => actions.map((a) => `${a} ${resource}`);

/*
 * What each function's code sends, read from the adapters its wiring builds (functions/adapters,
 * the composition roots in functions/usecases/*-dependencies.ts) and the use cases its handler
 * calls. Written out here, not taken from infra/storage.ts, so that a grant lost there fails:
 * the emulators do not check IAM, so nothing else would notice before AWS refuses the call.
 */
const RUN = [
  // OrganisationStore.organisation, RunStore.getRun, RunStore.claimDelivery (a lost claim reads the holder),
  // DeliveryLog.run and latestConcept, CycleStore.get
  ...on('table', 'dynamodb:GetItem'),
  // OrganisationStore.recipients/blockedAddresses/figures/benchmarks/commentary, ImageStore.forPeriod, RunStore.deliveries
  ...on('table', 'dynamodb:Query'),
  // CycleStore.list: the daily cycle step looks for earlier periods it began and did not finish
  ...on('table', 'dynamodb:Scan'),
  // RunStore.claimDelivery, the SES message lookup written by RunStore.markSent
  ...on('table', 'dynamodb:PutItem'),
  // RunStore lease, finish and marks; DeliveryLog.advanceConcept/markReleased; CycleStore.recordConcept/claimNotice
  ...on('table', 'dynamodb:UpdateItem'),
  // RecipientStore.audit (putAll): the audit entry of a release, by the console or by the cycle
  ...on('table', 'dynamodb:BatchWriteItem'),
  // ArchiveStore: the run's HTML, PDF, raw mail and snapshot; find() needs ListBucket to see NoSuchKey
  ...on('archive/runs/*', 's3:GetObject', 's3:PutObject'),
  's3:ListBucket archive (prefix runs/*)',
  // ImageStore.forPeriod reads the period's images
  ...on('archive/images/*', 's3:GetObject'),
  // The EditionPublisher's S3 adapter (issue 28): a release writes its web edition; it lists and
  // reads what is there to tell a new page from an unchanged one
  // EditionBucket.publish: the new pages in, the ones no longer published out
  ...on('editions/*', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'),
  's3:ListBucket editions',
  // SesMailer.send, and SesMailer.quota before a run
  ...on('sender identity', 'ses:SendRawEmail'),
  ...on('configuration set', 'ses:SendRawEmail'),
  'ses:GetAccount *',
  // linkKey (wiring/link-key.ts): the key that signs the personal links in concept mails and reminders
  ...on('link key', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'),
];

const RESEND = [
  // DeliveryLog.run, DeliveryLog.claimResend (a lost claim reads the holder)
  ...on('table', 'dynamodb:GetItem'),
  // DeliveryLog.entries, OrganisationStore.recipients/blockedAddresses
  ...on('table', 'dynamodb:Query'),
  // DeliveryLog.claimResend, the SES message lookup written by DeliveryLog.markResendSent
  ...on('table', 'dynamodb:PutItem'),
  // DeliveryLog.markResendSent/markResendFailed
  ...on('table', 'dynamodb:UpdateItem'),
  // RecipientStore.audit (putAll): the audit entry of every re-send
  ...on('table', 'dynamodb:BatchWriteItem'),
  // ArchiveStore: the archived PDF and snapshot (find needs ListBucket), the re-sent raw mail
  ...on('archive/runs/*', 's3:GetObject', 's3:PutObject'),
  's3:ListBucket archive (prefix runs/*)',
  // SesMailer.send; no quota check on a re-send
  ...on('sender identity', 'ses:SendRawEmail'),
  ...on('configuration set', 'ses:SendRawEmail'),
  // readingLinks (wiring/lezen-dependencies.ts): a re-sent final carries a fresh reading link
  ...on('link key', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'),
];

const IMPORT = [
  // OrganisationStore.organisation: the municipalities and indicators a file is checked against
  ...on('table', 'dynamodb:GetItem'),
  // ImportStore.figures/benchmarks/imports
  ...on('table', 'dynamodb:Query'),
  // ImportStore.write: the import record, started and committed
  ...on('table', 'dynamodb:PutItem'),
  // ImportStore.write: the values (putAll)
  ...on('table', 'dynamodb:BatchWriteItem'),
  // IngestBucket.size (HeadObject), read, move (CopyObject reads the source, then DeleteObject)
  ...on('ingest/incoming/*', 's3:GetObject', 's3:DeleteObject'),
  // IngestBucket.move (CopyObject writes the target) and putText (the error report)
  ...on('ingest/processed/*', 's3:PutObject'),
  ...on('ingest/rejected/*', 's3:PutObject'),
];

const DELIVERY_EVENTS = [
  // DeliveryLog.deliveryOf: the delivery an SES message id belongs to
  ...on('table', 'dynamodb:GetItem'),
  // RecipientStore.block: the blocked address
  ...on('table', 'dynamodb:PutItem'),
  // DeliveryLog.recordEvent and RecipientStore.audit (putAll)
  ...on('table', 'dynamodb:BatchWriteItem'),
];

const CONSOLE = [
  // OrganisationStore, DeliveryLog.run, CycleStore.get, RecipientStore.add (an existing recipient)
  ...on('table', 'dynamodb:GetItem'),
  // recipients, figures, images, imports, DeliveryLog.entries, RecipientStore.history (the Logboek)
  ...on('table', 'dynamodb:Query'),
  // DeliveryLog.runs (the runs page) and CycleStore.list (the cycle page)
  ...on('table', 'dynamodb:Scan'),
  // OrganisationStore.applyOrganisation, RecipientStore.add/block, ImageStore.add, ImportStore.write
  ...on('table', 'dynamodb:PutItem'),
  // CycleStore.setHold
  ...on('table', 'dynamodb:UpdateItem'),
  // RecipientStore.remove/applyChange/clearBlock, ImageStore.remove
  ...on('table', 'dynamodb:DeleteItem'),
  // RecipientStore.audit and applyChange, ImportStore.write (putAll)
  ...on('table', 'dynamodb:BatchWriteItem'),
  // ArchiveStore: a run's PDF and snapshot (read only)
  ...on('archive/runs/*', 's3:GetObject'),
  's3:ListBucket archive (prefix runs/*)',
  // ImageStore: shown, added and taken out from the Cijfers page
  ...on('archive/images/*', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'),
  // LambdaJobs: a release goes to the run function, a re-send to the re-send function
  ...on('run function', 'lambda:InvokeFunction'),
  ...on('run function:*', 'lambda:InvokeFunction'),
  ...on('resend function', 'lambda:InvokeFunction'),
  ...on('resend function:*', 'lambda:InvokeFunction'),
  // consoleReadingLink (wiring/lezen-dependencies.ts): a console user's short-lived way into the web edition
  ...on('link key', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'),
];

const LINK_PAGES = [
  // OrganisationStore.organisation (requireOrganisation), DeliveryLog.run: whether the final went out
  ...on('table', 'dynamodb:GetItem'),
  // OrganisationStore.recipients: the link's person still listed; ReviewAnswerStore.answersFor
  ...on('table', 'dynamodb:Query'),
  // ReviewAnswerStore.recordAnswer: the answer, replacing that person's earlier one; ImportStore.write: an upload's import record
  ...on('table', 'dynamodb:PutItem'),
  // ImportStore.write (putAll): an upload's values; RecipientStore.audit: its audit entry
  ...on('table', 'dynamodb:BatchWriteItem'),
  // SesMailer.send: the upload's result mailed back to the aanleveraar; no quota check
  ...on('sender identity', 'ses:SendRawEmail'),
  ...on('configuration set', 'ses:SendRawEmail'),
  // linkKey (wiring/link-key.ts): the key that checks a link's signature
  ...on('link key', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'),
  // lezenDeps (wiring/lezen-dependencies.ts): the private key that signs the editions' CloudFront cookies
  ...on('edition signing key', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'),
];

describe('what each function may do: exactly what its code calls', () => {
  it('lets the run function read and write what a run, a release and the daily cycle step touch, and send as the sender', () => {
    expect(grantsOf(/bimonthly report run/)).toEqual([...RUN].sort());
  });

  it('lets the re-send function read the run, claim and record each re-send, write its audit entry and send', () => {
    expect(grantsOf(/sends an archived report again/)).toEqual([...RESEND].sort());
  });

  it('lets the import function read the organisation and the values in force, write one import and move the file', () => {
    expect(grantsOf(/imports a CSV file/)).toEqual([...IMPORT].sort());
  });

  it('lets the delivery-events function find the delivery, record the event and block the address, nothing more', () => {
    expect(grantsOf(/records SES bounce/)).toEqual([...DELIVERY_EVENTS].sort());
  });

  it('lets the console read and change the table, read runs, manage images and hand releases and re-sends on, without SES', () => {
    expect(grantsOf(/operators' console API/)).toEqual([...CONSOLE].sort());
  });

  it('lets the link pages read the organisation, the final and the answers, record an answer or an upload, mail an upload\'s result and read the keys: no archive', () => {
    expect(grantsOf(/public pages personal links open/)).toEqual([...LINK_PAGES].sort());
  });
});

describe('the key that signs personal links', () => {
  it('is read only by the functions that make links (the run, the re-send, the console) or check them (the link pages)', () => {
    // Prepare: every policy that names the secret, and the functions whose roles hold it
    const secretIds = resources().filter(([id, r]) => r.Type === 'AWS::SecretsManager::Secret' && id.startsWith('LinkPagesLinkKey')).map(([id]) => id);
    const roles = resources()
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && secretIds.some((id) => JSON.stringify(r.Properties.PolicyDocument).includes(`"${id}"`)))
      .flatMap(([, r]) => (r.Properties.Roles as { Ref: string }[]).map((role) => role.Ref));
    // Act
    const readers = resources()
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && roles.includes((r.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]))
      .map(([, r]) => String(r.Properties.Description))
      .sort();
    // Assess
    expect(secretIds).toHaveLength(1);
    expect(readers).toEqual(
      [
        'rapportbode: sends an archived report again (everyone, one municipality or one address)',
        'rapportbode: the bimonthly report run (render, print, archive, mail)',
        'rapportbode: the public pages personal links open (answer to a concept, …)',
        "rapportbode: the operators' console API (a release and a re-send are handed to their own functions)",
      ].sort(),
    );
  });
});

describe('the topic key', () => {
  const keyStatements = () => {
    const keys = resources().filter(([, r]) => r.Type === 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    return ((keys[0] as [string, Resource])[1].Properties.KeyPolicy as { Statement: Statement[] }).Statement;
  };
  const thisAccount = { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } };
  const ourAlarms = { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:Rapportbode-*']] } };

  it('lets SES and CloudWatch use it only on behalf of this account (CloudWatch: this stack’s alarms), and the account manage it', () => {
    // Without aws:SourceAccount, SES or CloudWatch acting for any other account could use our key.
    const byPrincipal = Object.fromEntries(keyStatements().map((s) => [JSON.stringify(s.Principal), { Action: s.Action, Condition: s.Condition, Effect: s.Effect }]));
    expect(byPrincipal).toEqual({
      [JSON.stringify({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } })]: { Action: 'kms:*', Condition: undefined, Effect: 'Allow' },
      [JSON.stringify({ Service: 'ses.amazonaws.com' })]: { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: { StringEquals: thisAccount }, Effect: 'Allow' },
      [JSON.stringify({ Service: 'cloudwatch.amazonaws.com' })]: {
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: thisAccount, ArnLike: ourAlarms },
        Effect: 'Allow',
      },
    });
  });

  it('gives every service that may use it a condition naming this account', () => {
    const services = keyStatements().filter((s) => JSON.stringify(s.Principal).includes('"Service"'));
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) expect((s.Condition?.StringEquals as Record<string, unknown> | undefined)?.['aws:SourceAccount'], s.Sid).toEqual({ Ref: 'AWS::AccountId' });
  });
});
