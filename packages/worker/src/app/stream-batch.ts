import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { WorkerError } from '../errors.js';

/**
 * The sequence number of a DynamoDB stream record: what a partial batch response names.
 *
 * @throws {WorkerError} when the record has none (not a stream record Lambda sent)
 *
 * @example
 * sequenceNumberOf({ dynamodb: { SequenceNumber: '111' } }); // '111'
 */
export function sequenceNumberOf(record: DynamoDBRecord): string {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (typeof sequenceNumber !== 'string' || sequenceNumber === '') {
    throw new WorkerError(
      `DynamoDB stream record ${record.eventID ?? '(no eventID)'} has no dynamodb.SequenceNumber`,
    );
  }
  return sequenceNumber;
}

/**
 * Handles a DynamoDB stream batch one record at a time, in order, and answers with a partial batch
 * response, by Lambda's rules for streams
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html):
 *
 * - Lambda checkpoints at the failed record with the lowest sequence number and retries the batch from
 *   there, so the records after a failure are retried anyway. The first record that fails is reported
 *   (`{ batchItemFailures: [{ itemIdentifier: <its SequenceNumber> }] }`) and the rest are not run: running
 *   them now would run them twice, and out of order.
 * - Every record succeeded: `{ batchItemFailures: [] }`.
 *
 * `handle` throws for a record that must be retried; it decides itself what counts as done (skipped and
 * rejected records do). All records of one batch come from one shard, in order.
 *
 * @throws {WorkerError} when a record has no sequence number: the whole batch fails
 *
 * @example
 * await processStreamBatch(event.Records, async (record) => index(record));
 * // { batchItemFailures: [{ itemIdentifier: '222' }] } when the second record (sequence number 222) failed
 */
export async function processStreamBatch(
  records: readonly DynamoDBRecord[],
  handle: (record: DynamoDBRecord, sequenceNumber: string) => Promise<void>,
): Promise<DynamoDBBatchResponse> {
  // Checked up front: a failure must name a sequence number, and a batch we cannot name fails whole.
  const sequenceNumbers = records.map(sequenceNumberOf);
  for (const [index, record] of records.entries()) {
    const sequenceNumber = sequenceNumbers[index] as string;
    try {
      await handle(record, sequenceNumber);
    } catch {
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}
