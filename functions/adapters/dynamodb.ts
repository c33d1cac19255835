import { type ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { clientPerEnvironment } from './sdk-client';

/** One client per environment (sdk-client.ts); the endpoint comes from the SDK's own AWS_ENDPOINT_URL_DYNAMODB handling. */
export const documentClient: () => DynamoDBDocumentClient = clientPerEnvironment(['AWS_ENDPOINT_URL_DYNAMODB'], () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

/**
 * The item a conditional write with `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` failed on.
 * DynamoDB hands it back in the error (marshalled: the document client does not unmarshall
 * errors); an emulator that does not (dynalite) costs one consistent read instead.
 */
export async function oldItemOf(error: ConditionalCheckFailedException, tableName: string, key: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  if (error.Item) return unmarshall(error.Item);
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** Every item of one partition, following pagination. */
export async function queryAll<T>(input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const BATCH_SIZE = 25;
const MAX_BATCH_ATTEMPTS = 8;

/** Writes items in batches of 25, retrying what DynamoDB hands back as unprocessed. */
export async function putAll(tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    let requests = items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS) throw new Error(`DynamoDB left ${requests.length} items unprocessed after ${MAX_BATCH_ATTEMPTS} attempts`);
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
