export { LOCAL_CREDENTIALS, LOCAL_REGION } from './credentials.js';
export { LOCAL_S3_CLIENT_CONFIG } from './s3-client-config.js';
export { createTestTables, uniqueTablePrefix, type TestTables, type TestTablesOptions } from './tables.js';
export { createTestBucket, uniqueBucketName, type TestBucketOptions } from './bucket.js';
export { startDynamoDbLocal } from './dynamodb-local.js';
export { startLocalS3 } from './s3-local.js';
export { waitForDynamoDb, type WaitResult } from './wait-for-dynamodb.js';
export { DYNAMODB_LOCAL_IMAGE } from './container.js';
export { EndpointStartError, HarnessError, InvalidOptionError, TableSetupError } from './errors.js';
export type { HarnessLog } from './log.js';
export type {
  DynamoDbLocal,
  DynamoDbLocalOptions,
  DynamoDbLocalSource,
  LocalEndpoint,
  LocalS3,
  LocalS3Options,
} from './types.js';
