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
export { IDLE_CONNECTION_MS, startLocalLambda } from './local-lambda.js';
export { startLocalCloudWatch, type LocalCloudWatch, type LocalMetric } from './local-cloudwatch.js';
export { localFunctionArn } from './local-lambda-function-name.js';
export {
  ASYNC_PAYLOAD_LIMIT_BYTES,
  DEFAULT_TIMEOUT_SECONDS,
  LOCAL_ACCOUNT_ID,
  SYNC_PAYLOAD_LIMIT_BYTES,
} from './local-lambda-limits.js';
export type {
  FaultKind,
  FunctionError,
  InjectedFault,
  InvocationRecord,
  InvocationStatus,
  InvocationType,
  LambdaFaults,
  LocalFunction,
  LocalLambda,
  LocalLambdaContext,
  LocalLambdaHandler,
  LocalLambdaOptions,
} from './local-lambda-types.js';
export { fakeLambdaContext } from './lambda-context.js';
export {
  startWorkerAssistantRecorder,
  WORKER_ASSISTANT_NAME,
  type AssistantRecorder,
} from './assistant-recorder.js';
export { startFaultProxy } from './fault-proxy.js';
export { DynamoDbFaultPlan, validateDynamoDbFaults } from './fault-proxy-plan.js';
export {
  DYNAMODB_FAULT_KINDS,
  type DynamoDbFaultKind,
  type DynamoDbFaults,
  type FaultCounts,
  type FaultProxy,
  type FaultProxyOptions,
} from './fault-proxy-types.js';
export { seededRandom, type Random } from './local-lambda-faults.js';
