import type { SQSEvent } from 'aws-lambda';
import { reportedFailures, type HandlerAnswer } from './batch-item-failures.js';

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
export function recordsLambdaRetries(event: SQSEvent, answer: HandlerAnswer): string[] {
  const all = event.Records.map((record) => record.messageId);
  const failed = reportedFailures(all, answer);
  return failed === 'whole batch' ? all : all.filter((messageId) => failed.includes(messageId));
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
