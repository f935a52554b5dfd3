import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ContinuationError } from '../errors.js';
import type { ResumePointer, SchedulerContext } from '../types.js';

/** The status of an accepted asynchronous invocation (AWS Lambda API reference, `Invoke`). */
const ACCEPTED = 202;

/**
 * Who a continuation is sent to: the ARN this invocation was called with (so an alias or version is kept),
 * else the function name.
 *
 * @throws ContinuationError when the context has neither
 *
 * @example
 * selfFunction({ invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:sosw_scheduler:live', ... });
 * // 'arn:aws:lambda:us-east-1:1:function:sosw_scheduler:live'
 */
export function selfFunction(context: SchedulerContext): string {
  const target = context.invokedFunctionArn ?? context.functionName;
  if (target === undefined || target === '') {
    throw new ContinuationError('cannot continue: the Lambda context names no function to invoke');
  }
  return target;
}

/**
 * Invokes this function again, asynchronously (`InvocationType: 'Event'`), with `{ resume }`. A refusal
 * throws, so this invocation fails and Lambda retries it; nothing is written twice when it does.
 *
 * @throws ContinuationError when Lambda does not accept the invocation (status other than 202)
 *
 * @example
 * await invokeSelf(new LambdaClient({}), context, { bucket, key, position: 1500, job_id });
 */
export async function invokeSelf(
  lambda: LambdaClient,
  context: SchedulerContext,
  resume: ResumePointer,
): Promise<void> {
  const target = selfFunction(context);
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: target,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify({ resume })),
    }),
  );
  if (response.StatusCode !== ACCEPTED) {
    throw new ContinuationError(
      `invoking ${target} to continue job "${resume.job_id}" at task ${resume.position} gave status ${String(response.StatusCode)}, not ${ACCEPTED}`,
    );
  }
}
