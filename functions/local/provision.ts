import { CreateTableCommand, DynamoDBClient, ResourceInUseException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Creates the table and bucket on a local stack, as the CDK stack does in AWS. Only for
 * emulators: in AWS the resources exist and the functions have no permission to create them.
 */
export async function provisionLocalResources(names: { tableName: string; buckets: readonly string[] }): Promise<void> {
  const dynamodb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    await dynamodb
      .send(
        new CreateTableCommand({
          TableName: names.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ResourceInUseException)) throw error;
      });
    // A new table is CREATING for a moment (also on dynalite, under load); writes to it fail
    // with ResourceNotFoundException until it is ACTIVE.
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: names.tableName });
    for (const bucket of names.buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
        if (error?.name !== 'BucketAlreadyOwnedByYou' && error?.name !== 'BucketAlreadyExists') throw error;
      });
    }
  } finally {
    dynamodb.destroy();
    s3.destroy();
  }
}
