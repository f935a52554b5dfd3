export { LOCAL_CREDENTIALS, LOCAL_REGION } from './credentials.js';
export { startDynamoDbLocal } from './dynamodb-local.js';
export { waitForDynamoDb, type WaitResult } from './wait-for-dynamodb.js';
export { EndpointStartError, HarnessError, InvalidOptionError } from './errors.js';
export type { HarnessLog } from './log.js';
export type { DynamoDbLocal, DynamoDbLocalOptions, DynamoDbLocalSource, LocalEndpoint } from './types.js';
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
export { seededRandom, type Random } from './local-lambda-faults.js';
