// The local endpoints, from @sosw/local, for the tests that use them through this package.
export {
  ASYNC_PAYLOAD_LIMIT_BYTES,
  DEFAULT_TIMEOUT_SECONDS,
  EndpointStartError,
  HarnessError,
  IDLE_CONNECTION_MS,
  InvalidOptionError,
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localFunctionArn,
  seededRandom,
  startLocalCloudWatch,
  startLocalLambda,
  SYNC_PAYLOAD_LIMIT_BYTES,
  waitForDynamoDb,
  type FaultKind,
  type FunctionError,
  type HarnessLog,
  type InjectedFault,
  type InvocationRecord,
  type InvocationStatus,
  type InvocationType,
  type LambdaFaults,
  type LocalCloudWatch,
  type LocalEndpoint,
  type LocalFunction,
  type LocalLambda,
  type LocalLambdaContext,
  type LocalLambdaHandler,
  type LocalLambdaOptions,
  type LocalMetric,
  type Random,
  type WaitResult,
} from '@sosw/local';
export { LOCAL_S3_CLIENT_CONFIG } from './s3-client-config.js';
export { createTestTables, uniqueTablePrefix, type TestTables, type TestTablesOptions } from './tables.js';
export { createTestBucket, uniqueBucketName, type TestBucketOptions } from './bucket.js';
export { startDynamoDbLocal } from './dynamodb-local.js';
export { startLocalS3 } from './s3-local.js';
export { DYNAMODB_LOCAL_IMAGE } from './container.js';
export { TableSetupError } from './errors.js';
export type {
  DynamoDbLocal,
  DynamoDbLocalOptions,
  DynamoDbLocalSource,
  LocalS3,
  LocalS3Options,
} from './types.js';
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
