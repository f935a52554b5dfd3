import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * A Lambda context as the runtime passes it, with a fresh request id unless told otherwise: for calling a
 * handler directly in a test.
 *
 * @example
 * await handler(event, fakeLambdaContext({ functionName: 'sosw_orchestrator' }));
 */
export function fakeLambdaContext(overrides: Partial<Context> = {}): Context {
  const functionName = overrides.functionName ?? 'sosw_test_function';
  const context: Omit<Context, 'done' | 'fail' | 'succeed'> = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    ...overrides,
  };
  // done/fail/succeed are the long-deprecated callback API; neither middy nor Powertools calls them.
  return context as Context;
}
