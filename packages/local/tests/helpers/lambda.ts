import { InvokeCommand, type InvocationType, type LambdaClient } from '@aws-sdk/client-lambda';

/** What an Invoke call answered, its payload decoded from JSON. */
export interface InvokeAnswer {
  statusCode: number | undefined;
  functionError: string | undefined;
  executedVersion: string | undefined;
  payload: unknown;
}

/** Invokes `functionName` through the real SDK client with `event` as JSON, and decodes the answer. */
export async function invoke(
  client: LambdaClient,
  functionName: string,
  event: unknown = {},
  invocationType: InvocationType = 'RequestResponse',
): Promise<InvokeAnswer> {
  const output = await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: invocationType,
      Payload: JSON.stringify(event),
    }),
  );
  const text = output.Payload ? Buffer.from(output.Payload).toString('utf8') : '';
  return {
    statusCode: output.StatusCode,
    functionError: output.FunctionError,
    executedVersion: output.ExecutedVersion,
    payload: text === '' ? undefined : JSON.parse(text),
  };
}

/** The error `promise` rejects with (failing the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
}

/** Resolves after `ms`. */
export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
