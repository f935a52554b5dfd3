import type { MiddlewareObj, Request } from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FullBatchFailureError } from './errors.js';

type BatchRequest = Request<SQSEvent, SQSBatchResponse | undefined>;

/** Whether every record of the event is listed in the response's `batchItemFailures`. */
function everyRecordFailed(request: BatchRequest): boolean {
  const records = request.event.Records;
  if (!Array.isArray(records) || records.length === 0) return false;
  const failed = new Set(request.response?.batchItemFailures.map((failure) => failure.itemIdentifier));
  return records.every((record) => failed.has(record.messageId));
}

/**
 * A middy middleware that throws {@link FullBatchFailureError} when every record of an SQS batch failed.
 * `@middy/sqs-partial-batch-failure` returns such a batch as a response listing every record, which Lambda
 * treats like any other partial response. A thrown error instead counts as a failed invocation, and the SQS
 * event source then slows its polling ("backs off") while errors persist:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html. Either way, every record returns
 * to the queue.
 *
 * Register it BEFORE `sqsPartialBatchFailure()`: middy runs `after` and `onError` in reverse order of
 * registration, so this one sees the response the other built. When the handler (or a later middleware)
 * throws, the other one marks every record failed in `onError`, and this one rethrows the error.
 *
 * @example
 * middy(processRecords).use(fullBatchFailure()).use(sqsPartialBatchFailure());
 */
export function fullBatchFailure(): MiddlewareObj<SQSEvent, SQSBatchResponse | undefined> {
  return {
    after: (request: BatchRequest) => {
      if (everyRecordFailed(request)) {
        throw new FullBatchFailureError(request.event.Records.length);
      }
    },
    onError: (request: BatchRequest) => {
      if (!everyRecordFailed(request)) return;
      const error = request.error;
      if (error instanceof FullBatchFailureError) throw error;
      throw new FullBatchFailureError(request.event.Records.length, { cause: error });
    },
  };
}
