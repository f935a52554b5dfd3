import type { DynamoDBStreamEvent } from 'aws-lambda';

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
export function streamRecordsLambdaRetries(
  event: DynamoDBStreamEvent,
  answer: { threw: true } | { threw: false; response: unknown },
): string[] {
  const all = event.Records.map((record) => record.dynamodb?.SequenceNumber ?? '');
  if (answer.threw) return all;
  const response = answer.response;
  if (response === null || response === undefined) return [];
  if (typeof response !== 'object' || Array.isArray(response)) return all;
  if (Object.keys(response).length === 0) return [];
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return [];
  if (!Array.isArray(failures)) return all;
  let checkpoint: bigint | undefined;
  for (const failure of failures as unknown[]) {
    if (typeof failure !== 'object' || failure === null) return all;
    const keys = Object.keys(failure);
    const id = (failure as { itemIdentifier?: unknown }).itemIdentifier;
    if (keys.length !== 1 || keys[0] !== 'itemIdentifier') return all;
    if (typeof id !== 'string' || id === '' || !all.includes(id)) return all;
    // Stream sequence numbers are decimal strings, longer than a double can hold exactly.
    if (checkpoint === undefined || BigInt(id) < checkpoint) checkpoint = BigInt(id);
  }
  if (checkpoint === undefined) return [];
  const from = checkpoint;
  return all.filter((sequenceNumber) => BigInt(sequenceNumber) >= from);
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
