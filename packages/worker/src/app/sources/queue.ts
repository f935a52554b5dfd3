import type { Schema } from '@sosw/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { WorkerOptionError } from '../../errors.js';
import {
  defineQueueWorker,
  type DeadLetterCallback,
  type DefineQueueWorkerOptions,
  type QueueWorkerFunction,
  type QueueWorkerHandler,
} from '../../queue-worker.js';
import { claimantOf, refuseAmbiguousName } from './named-resource.js';
import { ObjectDispatch } from './object.js';
import { triggerName } from './trigger-name.js';
import {
  firstRecordOf,
  type AppSource,
  type DeclareTrigger,
  type SourceTools,
  type TriggerOptions,
} from './source.js';

/**
 * The queue source: an SQS queue's event source mapping (`infra/src/triggers/queue-source.ts`). Its
 * batches are handled by `defineQueueWorker`'s machinery: each message on its own, failures reported as
 * `batchItemFailures`.
 */

/**
 * Fed by an SQS queue. The infra creates the queue (`<worker>-<name>`) and its dead-letter queue unless
 * `queueArn` names an existing one; the mapping reports batch item failures.
 */
export const queueTriggerSchema = z.strictObject({
  kind: z.literal('queue'),
  name: triggerName,
  queueArn: z.string().startsWith('arn:').optional(),
  /** Records per invocation (SQS event source mapping: 1–10,000; above 10 needs a batching window). */
  batchSize: z.number().int().min(1).max(10_000).default(10),
  maxBatchingWindowSeconds: z.number().int().min(0).max(300).optional(),
  /** Most concurrent invocations the mapping starts (Lambda: 2–1,000). */
  maxConcurrency: z.number().int().min(2).max(1_000).optional(),
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: z.number().int().min(1).max(1_000).default(5),
});

export type QueueTrigger = z.output<typeof queueTriggerSchema>;

/** Options of `onQueue`: the trigger's, and those of `defineQueueWorker` that make sense per queue. */
export type QueueOptions<S extends Schema | undefined = undefined> = TriggerOptions<
  typeof queueTriggerSchema
> &
  Pick<DefineQueueWorkerOptions<S>, 'schema' | 'mediaTypes' | 'concurrency'> & {
    /** Gets each record rejected for good before it is dropped from the queue; if it throws, the record fails. */
    deadLetter?: DeadLetterCallback;
  };

/** The options of `onQueue` that go to `defineQueueWorker`, not to the trigger. */
type HandlerOptions = Omit<QueueOptions<Schema | undefined>, keyof Omit<QueueTrigger, 'kind' | 'name'>>;

export interface QueueRegistration {
  trigger: QueueTrigger;
  fn: QueueWorkerFunction<Schema | undefined>;
  options: HandlerOptions;
}

/**
 * Declares the trigger of `onQueue(name, options, fn)`: the trigger's options go to the trigger, the
 * handler's (`schema`, `mediaTypes`, `concurrency`, `deadLetter`) stay with the function.
 *
 * @throws {WorkerOptionError} naming `onQueue("<name>").concurrency` when it is not a positive whole number
 * @throws {DuplicateTriggerError} when `name` and a queue registered before could claim one queue
 *
 * @example
 * registrations.queue.push(queueRegistration(declare, 'orders', { batchSize: 5 }, fn, registrations.queue));
 */
export function queueRegistration<S extends Schema | undefined>(
  declare: DeclareTrigger,
  name: string,
  options: QueueOptions<S>,
  fn: QueueWorkerFunction<S>,
  existing: readonly QueueRegistration[],
): QueueRegistration {
  const { schema, mediaTypes, concurrency, deadLetter, ...rest } = options;
  const where = `onQueue("${name}")`;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new WorkerOptionError(
      `${where}.concurrency`,
      `expected a positive whole number, got ${concurrency}`,
    );
  }
  refuseAmbiguousName(where, name, existing, 'queue');
  const trigger = declare(where, 'queue', { ...rest, name });
  return { trigger, fn, options: { schema, mediaTypes, concurrency, deadLetter } };
}

/** What every queue handler of an app shares: its logger, SQS client and payload reading. */
function sharedOptions(tools: SourceTools) {
  return {
    logger: tools.logger,
    ...(tools.options.sqs === undefined ? {} : { sqs: tools.options.sqs }),
    ...(tools.options.payloads === undefined ? {} : { payloads: tools.options.payloads }),
  };
}

/**
 * An SQS batch (`Records[].eventSource` is `aws:sqs`). It goes to the `onQueue` that claims its queue;
 * a batch from a queue none claims may carry S3 notifications, for the object source.
 */
export const queueSource: AppSource<SQSEvent> = {
  recognise: (event) =>
    firstRecordOf(event)?.eventSource === 'aws:sqs' ? (event as unknown as SQSEvent) : undefined,

  dispatcher({ queue: queues, object: objects }, tools) {
    const shared = sharedOptions(tools);
    const handlers = new Map<QueueRegistration, QueueWorkerHandler>(
      queues.map((queue) => [
        queue,
        defineQueueWorker(queue.fn, { ...shared, ...withoutUndefined(queue.options) }),
      ]),
    );
    const objectDispatch = new ObjectDispatch(objects, tools);
    // A batch from a queue no `onQueue` claims: S3 notifications (maybe in SNS envelopes) for `onObject`.
    const objectQueue = objectDispatch.serves
      ? defineQueueWorker((message, context) => objectDispatch.inQueueMessage(message, context), shared)
      : undefined;

    return async (event, lambdaContext) => {
      const arns = [...new Set(event.Records.map((record) => record.eventSourceARN))];
      if (arns.length !== 1) {
        throw tools.unclaimed(`an SQS batch with records from ${arns.length} queues (${arns.join(', ')})`);
      }
      const arn = arns[0] as string;
      const queue = claimantOf(queues, arn, (trigger) => trigger.queueArn);
      const handler = queue === undefined ? objectQueue : handlers.get(queue);
      if (handler === undefined) throw tools.unclaimed(`an SQS message from queue "${arn}"`);
      return handler(event, (lambdaContext ?? {}) as Context);
    };
  },
};

/** Drops the keys whose value is `undefined`, for `exactOptionalPropertyTypes`-style option objects. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
