import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy, { type MiddyfiedHandler } from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { createLogger, Stats, ValidationError, type Schema } from '@sosw/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DEFAULT_QUEUE_CONCURRENCY } from './constants.js';
import { WorkerOptionError } from './errors.js';
import { fullBatchFailure } from './full-batch-failure.js';
import type { MediaTypes } from './media-types.js';
import { classifyError, errorReason } from './outcome.js';
import { PayloadReader, type PayloadReaderOptions } from './payload-reader.js';
import { settleConcurrent } from './settle-concurrent.js';
import { queueUrlFromArn, receiveCount, recordMessage } from './sqs-record.js';
import { remainingMsOf } from './timeout-guard.js';
import type { BaseContext, InputOf, WorkerLogger } from './types.js';
import { parseInput } from './worker-input.js';

/** What a queue worker function receives besides the message. */
export interface QueueContext extends BaseContext {
  /** The SQS record. */
  record: SQSRecord;
  messageId: string;
  /** How many times SQS has delivered this message, this time included. */
  receiveCount: number;
  /** The message's `media_type` attribute, when it has one. */
  mediaType: string | undefined;
  /** `sns` when the message came wrapped in an SNS notification. */
  source: 'sqs' | 'sns';
}

/** A queue worker function: the work for one message. Its result is ignored. */
export type QueueWorkerFunction<S extends Schema | undefined> = (
  message: InputOf<S>,
  context: QueueContext,
) => unknown;

/** Receives a record that will never succeed (invalid, or a `FatalError`) before it is dropped from the queue. */
export type DeadLetterCallback = (record: SQSRecord, error: unknown) => Promise<void> | void;

/** Options of {@link defineQueueWorker}. */
export interface DefineQueueWorkerOptions<S extends Schema | undefined = undefined> {
  /** A zod schema of the message; a record that fails it is rejected for good. */
  schema?: S;
  /** Validate messages that carry a `media_type` attribute against this registry (before `schema`). */
  mediaTypes?: MediaTypes;
  /** How many records are handled at once; default 10. */
  concurrency?: number;
  /** Gets each record rejected for good (invalid or fatal) before it is dropped; if it throws, the record fails. */
  deadLetter?: DeadLetterCallback;
  /** The SQS client for `ChangeMessageVisibility`; default `new SQSClient({})`. */
  sqs?: SQSClient;
  /** The logger's service name; default `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_queue_worker`. */
  name?: string;
  /** The logger; default a Powertools `Logger`. */
  logger?: WorkerLogger;
  /** How bodies are decoded: the codec, and the offloader whose bucket and prefix offloaded payloads may come from. */
  payloads?: PayloadReaderOptions;
}

/** The handler `defineQueueWorker` returns: a middy handler; `.use()` adds middlewares. */
export type QueueWorkerHandler = MiddyfiedHandler<SQSEvent, SQSBatchResponse>;

/**
 * Builds the Lambda handler of a queue-fed worker: an SQS batch handler on `@middy/core` and
 * `@middy/sqs-partial-batch-failure` (the event source mapping must enable `ReportBatchItemFailures`).
 * Each record is handled on its own, `concurrency` at a time:
 *
 * 1. its body is unwrapped when it is an SNS notification envelope, then read through the serializer
 *    (tagged values decoded, an offloaded payload restored from S3);
 * 2. when it has a `media_type` attribute and `mediaTypes` is given, it is validated by its media type's
 *    schema; then by `schema`, when given;
 * 3. `fn` runs. Then, by outcome:
 *    - returns, or throws `SkipError`: success; the record is deleted;
 *    - invalid (a `ValidationError`, an unreadable body, an unknown media type) or `FatalError`: logged
 *      with the failing field's path and dropped, never retried; `deadLetter` gets it first (if that
 *      throws, the record fails instead, so nothing is lost);
 *    - `RetryLaterError(seconds)`: its visibility timeout is set to `seconds` (`ChangeMessageVisibility` on
 *      the queue of its `eventSourceARN`), and it fails;
 *    - any other error: it fails.
 *
 * Failed records are returned as `batchItemFailures`, so only they come back. When every record fails the
 * handler throws `FullBatchFailureError`, so Lambda counts an error and backs off.
 *
 * @example
 * import { defineQueueWorker, RetryLaterError } from '@sosw/worker';
 * import * as z from 'zod';
 *
 * export const handler = defineQueueWorker(
 *   async ({ account }, { logger }) => {
 *     const response = await fetchStats(account);
 *     if (response.status === 429) throw new RetryLaterError(60, 'rate limited');
 *   },
 *   { schema: z.object({ account: z.number() }), concurrency: 5 },
 * );
 */
export function defineQueueWorker<S extends Schema | undefined = undefined>(
  fn: QueueWorkerFunction<S>,
  options: DefineQueueWorkerOptions<S> = {},
): QueueWorkerHandler {
  const concurrency = options.concurrency ?? DEFAULT_QUEUE_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new WorkerOptionError('concurrency', `expected a positive whole number, got ${concurrency}`);
  }
  const logger =
    options.logger ??
    createLogger(options.name ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'sosw_queue_worker');
  const reader = new PayloadReader(options.payloads);
  let sqs = options.sqs;

  const retryLater = async (record: SQSRecord, seconds: number): Promise<void> => {
    sqs ??= new SQSClient({});
    try {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrlFromArn(record.eventSourceARN),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    } catch (error) {
      // The record still fails, and comes back after the queue's own visibility timeout.
      logger.error('could not delay the record', { message_id: record.messageId, error: errorReason(error) });
    }
  };

  const handleRecord = async (
    record: SQSRecord,
    lambdaContext: Context,
    signal: AbortSignal,
  ): Promise<void> => {
    const log = { message_id: record.messageId };
    let context: QueueContext | undefined;
    try {
      const message = recordMessage(record);
      context = {
        record,
        messageId: record.messageId,
        receiveCount: receiveCount(record),
        mediaType: message.mediaType,
        source: message.source,
        remainingMs: remainingMsOf(lambdaContext),
        logger,
        stats: new Stats(),
        signal,
        lambdaContext,
      };
      let value = await reader.deserialize(message.text);
      if (options.mediaTypes !== undefined && message.mediaType !== undefined) {
        value = options.mediaTypes.parse(message.mediaType, value);
      }
      const input = parseInput(value, options.schema, `message ${record.messageId}`) as InputOf<S>;
      await fn(input, context);
    } catch (error) {
      const outcome = classifyError(error);
      switch (outcome.kind) {
        case 'skipped':
          logger.info('record skipped', { ...log, reason: outcome.reason });
          return;
        case 'dead':
          logger.error('record rejected for good: dropped, not retried', {
            ...log,
            reason: outcome.reason,
            ...(error instanceof ValidationError ? { path: error.path } : {}),
          });
          if (options.deadLetter !== undefined) await options.deadLetter(record, error);
          return;
        case 'retry_later':
          logger.warn('record asks to be retried later', { ...log, seconds: outcome.seconds });
          await retryLater(record, outcome.seconds);
          throw error;
        // A queue has no attempts to give back: a throttled record goes back to it like any failure.
        case 'throttled':
        case 'failed':
          logger.error('record failed', { ...log, reason: outcome.reason });
          throw error;
      }
    }
  };

  // @middy/sqs-partial-batch-failure reads the handler's result as one settled promise per record, in the
  // order of the records, and turns it into `{ batchItemFailures }`.
  const processBatch = async (event: SQSEvent, lambdaContext: Context, { signal }: { signal: AbortSignal }) =>
    settleConcurrent(event.Records, concurrency, (record) => handleRecord(record, lambdaContext, signal));

  return middy<SQSEvent, SQSBatchResponse>(
    processBatch as unknown as (event: SQSEvent) => Promise<SQSBatchResponse>,
  )
    .use(fullBatchFailure())
    .use(sqsPartialBatchFailure({ logger: () => undefined }));
}
