import type { DynamoDBStreamEvent } from 'aws-lambda';
import { reportedFailures, type HandlerAnswer } from './batch-item-failures.js';

/**
 * What Lambda makes of a DynamoDB stream handler's answer, by its documented rules for
 * `ReportBatchItemFailures` on streams
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html), written here
 * independently of the code under test:
 *
 * - success for the whole batch: a null or empty response, a null or empty `batchItemFailures` list;
 * - failure for the whole batch: the function threw; an invalid response; an `itemIdentifier` that is
 *   empty, null, under a bad key name, or not the sequence number of a record of the batch;
 * - otherwise Lambda checkpoints at the listed record with the LOWEST sequence number, and retries the
 *   batch from that record on: it and every record after it come again.
 *
 * Returns the sequence numbers of the records Lambda sends again.
 */
export function streamRecordsLambdaRetries(event: DynamoDBStreamEvent, answer: HandlerAnswer): string[] {
  const all = event.Records.map((record) => record.dynamodb?.SequenceNumber ?? '');
  const failed = reportedFailures(all, answer);
  if (failed === 'whole batch') return all;
  if (failed.length === 0) return [];
  // Stream sequence numbers are decimal strings, longer than a double can hold exactly.
  const checkpoint = failed.map((id) => BigInt(id)).reduce((lowest, id) => (id < lowest ? id : lowest));
  return all.filter((sequenceNumber) => BigInt(sequenceNumber) >= checkpoint);
}

/** Runs a stream handler and applies Lambda's rules to its answer. */
export async function streamOutcome(
  handler: (event: DynamoDBStreamEvent) => Promise<unknown>,
  event: DynamoDBStreamEvent,
): Promise<{ retried: string[]; response: unknown; error: unknown }> {
  try {
    const response = await handler(event);
    return {
      retried: streamRecordsLambdaRetries(event, { threw: false, response }),
      response,
      error: undefined,
    };
  } catch (error) {
    return { retried: streamRecordsLambdaRetries(event, { threw: true }), response: undefined, error };
  }
}
