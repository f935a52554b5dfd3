import type { SQSEvent } from 'aws-lambda';

/**
 * What Lambda makes of a queue worker's answer, by its documented rules for `ReportBatchItemFailures`
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting),
 * written here independently of the code under test:
 *
 * - the function threw: the whole batch failed;
 * - success for the whole batch: an empty `batchItemFailures` list, a null list, an empty or null response;
 * - failure for the whole batch: an invalid response, an empty or null `itemIdentifier`, an
 *   `itemIdentifier` with a bad key name, or one whose message id is not in the batch;
 * - otherwise: exactly the listed records failed, the others succeeded.
 *
 * Returns the ids of the records that come back to the queue.
 */
export function recordsLambdaRetries(
  event: SQSEvent,
  answer: { threw: true } | { threw: false; response: unknown },
): string[] {
  const all = event.Records.map((record) => record.messageId);
  if (answer.threw) return all;
  const response = answer.response;
  if (response === null || response === undefined) return [];
  if (typeof response !== 'object' || Array.isArray(response)) return all;
  if (Object.keys(response).length === 0) return [];
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return [];
  if (!Array.isArray(failures)) return all;
  const ids: string[] = [];
  for (const failure of failures as unknown[]) {
    if (typeof failure !== 'object' || failure === null) return all;
    const keys = Object.keys(failure);
    const id = (failure as { itemIdentifier?: unknown }).itemIdentifier;
    if (keys.length !== 1 || keys[0] !== 'itemIdentifier') return all;
    if (typeof id !== 'string' || id === '' || !all.includes(id)) return all;
    ids.push(id);
  }
  return all.filter((messageId) => ids.includes(messageId));
}

/** Runs a batch handler and applies Lambda's rules to its answer. */
export async function lambdaOutcome(
  handler: (event: SQSEvent, context: never) => Promise<unknown>,
  event: SQSEvent,
): Promise<{ retried: string[]; response: unknown; error: unknown }> {
  try {
    const response = await handler(event, {} as never);
    return { retried: recordsLambdaRetries(event, { threw: false, response }), response, error: undefined };
  } catch (error) {
    return { retried: recordsLambdaRetries(event, { threw: true }), response: undefined, error };
  }
}
