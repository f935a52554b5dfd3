import type { LambdaClient } from '@aws-sdk/client-lambda';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CliError } from './errors.js';

/**
 * Invokes a Lambda function synchronously (`RequestResponse`) and gives its parsed answer; a function
 * error becomes a `CliError` quoting the function's own error.
 *
 * @example
 * ```ts
 * const summary = await invokeSync(new LambdaClient({}), 'sosw_orchestrator', {});
 * ```
 */
export async function invokeSync(
  lambda: LambdaClient,
  functionName: string,
  event: unknown,
): Promise<unknown> {
  const answer = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  const text = answer.Payload === undefined ? '' : new TextDecoder().decode(answer.Payload);
  if (answer.FunctionError !== undefined) {
    throw new CliError(`${functionName} failed (${answer.FunctionError}): ${text}`);
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Invokes a Lambda function asynchronously (`Event`), as an EventBridge schedule rule does: Lambda takes
 * the event and answers 202 before the function runs.
 *
 * @example
 * ```ts
 * await invokeAsync(new LambdaClient({}), 'sosw_orchestrator', {});
 * ```
 */
export async function invokeAsync(lambda: LambdaClient, functionName: string, event: unknown): Promise<void> {
  const answer = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  if (answer.StatusCode !== 202) {
    throw new CliError(`${functionName} did not take the event: status ${String(answer.StatusCode)}`);
  }
}
