import { S3Client } from '@aws-sdk/client-s3';
import { clientPerEnvironment } from './sdk-client';

/**
 * The S3 client of the archive, the ingest bucket and the editions' bucket: one per environment
 * (sdk-client.ts), path-style when an endpoint is given (emulators have no per-bucket DNS).
 */
export const s3Client: () => S3Client = clientPerEnvironment(
  ['AWS_ENDPOINT_URL_S3', 'AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION'],
  () => new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }),
);
