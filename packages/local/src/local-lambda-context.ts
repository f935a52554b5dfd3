import { randomBytes } from 'node:crypto';
import type { LocalLambdaContext } from './local-lambda-types.js';

/** What a context is made of: the function's settings and this invocation's id and deadline. */
export interface ContextInput {
  functionName: string;
  functionArn: string;
  memorySize: number;
  logStreamName: string;
  awsRequestId: string;
  /** When the function times out, in ms since the epoch. */
  deadline: number;
  clientContext?: unknown;
  /** The clock; `Date.now` unless a test gives another. */
  now?: () => number;
}

/**
 * The `context` of one invocation, as the Node.js runtime builds it; `getRemainingTimeInMillis()` counts
 * down to the deadline and stays at 0 after it.
 *
 * @example
 * ```ts
 * const context = createLambdaContext({ functionName: 'worker', functionArn: localFunctionArn('worker'),
 *   memorySize: 128, logStreamName: newLogStreamName(), awsRequestId: randomUUID(), deadline: Date.now() + 3000 });
 * context.getRemainingTimeInMillis(); // about 3000
 * ```
 */
export function createLambdaContext(input: ContextInput): LocalLambdaContext {
  const now = input.now ?? Date.now;
  const context: LocalLambdaContext = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: input.functionArn,
    memoryLimitInMB: String(input.memorySize),
    awsRequestId: input.awsRequestId,
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: input.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, input.deadline - now()),
  };
  return input.clientContext === undefined ? context : { ...context, clientContext: input.clientContext };
}

/** A log stream name as Lambda makes one per execution environment: `2025/01/31/[$LATEST]<32 hex>`. */
export function newLogStreamName(date: Date = new Date()): string {
  const day = date.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
