import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPIRES_AT_ATTRIBUTE } from '../functions/adapters/retention';

/**
 * DynamoDB item actions by function, from what its adapters send (functions/adapters). Nothing
 * deletes; only the run's cycle step scans (the cycle records, one per period); the table has no
 * indexes, so every grant is on the table's own ARN. test/infra/permissions.test.ts lists each
 * action with the adapter call that needs it.
 */
export const TABLE_ACCESS = {
  /**
   * Reads organisation, figures and commentary (Query); takes the run and claims and marks its
   * deliveries; the cycle step lists the periods it began (CycleStore.list, a Scan); a release
   * writes its audit entry (RecipientStore.audit, a BatchWriteItem).
   */
  run: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  /** Reads the organisation (GetItem), municipalities and earlier imports; writes the values in batches, then the import record that commits them. */
  import: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
  /** Reads a run's deliveries and the recipients; claims and marks each re-send; writes audit entries. */
  resend: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  /** Finds the delivery of an SES message; records the event, blocks a bounced address, writes the audit entry. */
  deliveryEvents: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
} as const satisfies Record<string, readonly `dynamodb:${string}`[]>;

export interface StorageProps {
  /**
   * The bewaartermijn in days: the archive's run files expire this long after they were written,
   * and the table's records of runs, deliveries, re-sends, SES events and changes (their
   * `expiresAt`, written by the functions from RETENTION_DAYS) this long after the event.
   */
  readonly retentionDays: number;
}

/** How long a deleted or overwritten archive file can still be restored. */
const NONCURRENT_VERSION_DAYS = 30;

/**
 * Everything rapportbode keeps: one DynamoDB table (single-table design: municipalities,
 * recipients, figures, runs, deliveries), the ingest bucket for CSV files and the archive bucket
 * for what every run sent. All retained when the stack is deleted; what names people expires
 * after the bewaartermijn.
 */
export class Storage extends Construct {
  readonly table: dynamodb.Table;
  readonly ingestBucket: s3.Bucket;
  readonly archiveBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.retentionDays = props.retentionDays;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // DynamoDB deletes an item within days after its expiresAt has passed; items without one
      // (the organisation, recipients, figures, blocked addresses) are kept.
      timeToLiveAttribute: EXPIRES_AT_ATTRIBUTE,
    });

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...secureBucketDefaults,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    // No AwsSolutions-S1 acknowledgement needed: cdk-nag sees that this bucket is the others' log target.

    this.ingestBucket = new s3.Bucket(this, 'Ingest', {
      ...secureBucketDefaults,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'ingest/',
      lifecycleRules: [
        // A handled file is in the table; the copy in processed/ or rejected/ only helps an operator look back.
        { id: 'expire-handled-files', prefix: 'processed/', expiration: Duration.days(90) },
        { id: 'expire-rejected-files', prefix: 'rejected/', expiration: Duration.days(90) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.archiveBucket = new s3.Bucket(this, 'Archive', {
      ...secureBucketDefaults,
      // What was sent must survive an overwrite or a delete: the re-send uses these exact bytes.
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [
        {
          id: 'infrequent-access-after-a-period',
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        // HTML, PDF, raw mail and snapshot of each run name its recipients: gone after the
        // bewaartermijn, like the run's records in the table. images/ holds no personal data
        // and is referred to by the period's image records, so it stays.
        { id: 'expire-runs-after-bewaartermijn', prefix: 'runs/', expiration: Duration.days(props.retentionDays) },
        // An expired, deleted or overwritten file stays restorable for a month, then is gone too.
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS) },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }

  /**
   * Sets TABLE_NAME and RETENTION_DAYS (the expiry the function writes on what it records) and
   * allows exactly the given item actions on the table (no indexes exist).
   */
  grantTable(fn: lambda.Function, actions: readonly string[]): void {
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    fn.addEnvironment('RETENTION_DAYS', String(this.retentionDays));
    this.table.grant(fn, ...actions);
  }

  /**
   * Sets ARCHIVE_BUCKET; reads `runs/` and, with `write`, adds to it. ListBucket is there so a
   * missing object answers NoSuchKey rather than AccessDenied: the run asks for a PDF an earlier
   * attempt may have archived, and must tell "not there" from "not allowed".
   */
  grantArchive(fn: lambda.Function, access: 'read' | 'readWrite'): void {
    fn.addEnvironment('ARCHIVE_BUCKET', this.archiveBucket.bucketName);
    const bucket = this.archiveBucket;
    fn.addToRolePolicy(statement(['s3:GetObject'], [bucket.arnForObjects('runs/*')]));
    fn.addToRolePolicy(statement(['s3:ListBucket'], [bucket.bucketArn], { StringLike: { 's3:prefix': 'runs/*' } }));
    if (access === 'readWrite') fn.addToRolePolicy(statement(['s3:PutObject'], [bucket.arnForObjects('runs/*')]));
    acknowledgeObjectPrefix(
      fn,
      bucket,
      'runs/',
      'object keys name the run and municipality (runs/<run id>/…), so access is granted per prefix, not per key',
    );
  }

  /** Read access to the operators' report images (`images/<period>/…`, added with the CLI). */
  grantImagesRead(fn: lambda.Function): void {
    fn.addToRolePolicy(statement(['s3:GetObject'], [this.archiveBucket.arnForObjects('images/*')]));
    acknowledgeObjectPrefix(fn, this.archiveBucket, 'images/', 'image keys name the period and a generated id (images/<period>/<id>), so read access is granted per prefix');
  }

  /**
   * Sets INGEST_BUCKET; the import reads a file in `incoming/` and moves it (copy, then delete) to
   * `processed/` or `rejected/`, where it also writes the error report.
   */
  grantIngest(fn: lambda.Function): void {
    fn.addEnvironment('INGEST_BUCKET', this.ingestBucket.bucketName);
    const bucket = this.ingestBucket;
    fn.addToRolePolicy(statement(['s3:GetObject', 's3:DeleteObject'], [bucket.arnForObjects('incoming/*')]));
    fn.addToRolePolicy(statement(['s3:PutObject'], [bucket.arnForObjects('processed/*'), bucket.arnForObjects('rejected/*')]));
    const why = 'file names are chosen by the operator who uploads them, so access is granted per folder of the import flow, not per key';
    for (const prefix of ['incoming/', 'processed/', 'rejected/']) acknowledgeObjectPrefix(fn, bucket, prefix, why);
  }
}

/** cdk-nag reports each `<bucket>/<prefix>*` resource as a wildcard; these are deliberate and narrow. */
function acknowledgeObjectPrefix(fn: lambda.Function, bucket: s3.Bucket, prefix: string, why: string): void {
  if (!fn.role) throw new Error(`${fn.node.path} has no role to acknowledge its S3 prefix grant on`);
  const logicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
    reason: `Only objects under ${prefix} in this one bucket: ${why}.`,
  });
}

function statement(actions: string[], resources: string[], conditions?: Record<string, unknown>): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions, resources, conditions });
}

const secureBucketDefaults = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies s3.BucketProps;
