import type { S3EventRecord } from 'aws-lambda';
import { z } from 'zod';
import type { QueueContext } from '../../queue-worker.js';
import type { BaseContext, LambdaContextLike } from '../../types.js';
import { runWithFlow } from '../flow.js';
import {
  isS3Records,
  objectNoticeOf,
  s3NotificationOf,
  wantsObject,
  type ObjectNotice,
  type S3Notification,
} from '../s3-notification.js';
import { triggerName } from './trigger-name.js';
import type { AppSource, DeclareTrigger, SourceTools, TriggerOptions } from './source.js';

/**
 * The object source: S3 event notifications of a bucket (`infra/src/triggers/object-source.ts`). They
 * reach a worker straight from S3, or inside a message: an SNS message, an SQS message, or an SNS envelope
 * in an SQS message. The queue and topic sources hand such messages here (`ObjectDispatch`) when no
 * `onQueue` or `onTopic` claims them.
 */

/** S3 event types, as S3 notification configurations spell them. */
export const objectEventSchema = z.enum([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Completed',
]);

/** Notified by an existing S3 bucket (its other notifications are kept). */
export const objectTriggerSchema = z.strictObject({
  kind: z.literal('object'),
  name: triggerName,
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
  events: z.array(objectEventSchema).min(1),
  prefix: z.string().min(1).optional(),
  suffix: z.string().min(1).optional(),
});

export type ObjectTrigger = z.output<typeof objectTriggerSchema>;

/** Options of `onObject`: the trigger's (`events` required). The bucket is the first argument. */
export type ObjectOptions = TriggerOptions<typeof objectTriggerSchema, 'bucket'>;

/** How an S3 notification reached the worker. */
export type ObjectDelivery = 's3' | 'sns' | 'sqs' | 'sns-in-sqs';

/** What an object handler receives besides the object notice. */
export interface ObjectContext extends BaseContext {
  trigger: ObjectTrigger;
  /** The S3 event record. */
  record: S3EventRecord;
  /** How it came: straight from S3, in an SNS message, in an SQS message, or in an SNS envelope in an SQS message. */
  delivery: ObjectDelivery;
}

/** The work for one S3 object notice. */
export type ObjectFunction = (object: ObjectNotice, context: ObjectContext) => unknown;

export interface ObjectRegistration {
  trigger: ObjectTrigger;
  fn: ObjectFunction;
}

/**
 * Declares the trigger of `onObject(bucket, options, fn)`: named after its bucket.
 *
 * @example
 * registrations.object.push(objectRegistration(declare, 'uploads', { events: ['s3:ObjectCreated:*'] }, fn));
 */
export function objectRegistration(
  declare: DeclareTrigger,
  bucket: string,
  options: ObjectOptions,
  fn: ObjectFunction,
): ObjectRegistration {
  const trigger = declare(`onObject("${bucket}")`, 'object', { ...options, name: bucket, bucket });
  return { trigger, fn };
}

/** Sends S3 event records, however they came, to the `onObject` function of their bucket. */
export class ObjectDispatch {
  readonly #registrations: readonly ObjectRegistration[];
  readonly #tools: SourceTools;

  constructor(registrations: readonly ObjectRegistration[], tools: SourceTools) {
    this.#registrations = registrations;
    this.#tools = tools;
  }

  /** Whether the app has an `onObject` at all: without one, a message is not looked into. */
  get serves(): boolean {
    return this.#registrations.length > 0;
  }

  /** S3 event records, one at a time; the first that must be retried throws. */
  async records(
    records: readonly S3EventRecord[],
    delivery: ObjectDelivery,
    lambdaContext: LambdaContextLike | undefined,
  ): Promise<undefined> {
    for (const record of records) {
      const notice = objectNoticeOf(record);
      const registration = this.#registrations.find(({ trigger }) => trigger.bucket === notice.bucket);
      if (registration === undefined) {
        throw this.#tools.unclaimed(
          `an S3 notification (${notice.eventName}) from bucket "${notice.bucket}"`,
        );
      }
      const { trigger, fn } = registration;
      if (!wantsObject(trigger, notice)) {
        this.#tools.logger.debug('S3 notification outside the trigger’s events or key filter: ignored', {
          bucket: notice.bucket,
          key: notice.key,
          event: notice.eventName,
        });
        continue;
      }
      const context: ObjectContext = { ...this.#tools.base(lambdaContext), trigger, record, delivery };
      await runWithFlow({ kind: 'object', trigger: trigger.name, event: record }, this.#tools.flow, () =>
        fn(notice, context),
      );
    }
    return undefined;
  }

  /**
   * One message of a queue no `onQueue` claims: it must be an S3 notification (in the body, or in an SNS
   * envelope in the body), else it fails, so the queue retries it and then moves it to its DLQ.
   */
  async inQueueMessage(message: Record<string, unknown>, context: QueueContext): Promise<void> {
    const notification = s3NotificationOf(message);
    if (notification?.kind === 'test') return;
    if (notification === undefined) {
      throw this.#tools.unclaimed(
        `an SQS message from queue "${context.record.eventSourceARN}" that is not an S3 notification`,
      );
    }
    const delivery = context.source === 'sns' ? 'sns-in-sqs' : 'sqs';
    await this.records(notification.records, delivery, context.lambdaContext);
  }

  /**
   * The `Message` of an SNS record no `onTopic` claims: handled when it is an S3 notification (S3's
   * `s3:TestEvent` is ignored). Answers `false` when it is not one, for the topic source to refuse it.
   */
  async inTopicMessage(text: string, lambdaContext: LambdaContextLike | undefined): Promise<boolean> {
    const notification = this.serves ? s3NotificationOf(text) : undefined;
    if (notification === undefined) return false;
    if (notification.kind === 'records') await this.records(notification.records, 'sns', lambdaContext);
    return true;
  }
}

/**
 * An S3 event straight from S3 (`Records` whose `eventSource` is `aws:s3`), or S3's `s3:TestEvent`, which
 * S3 sends once when a notification is configured, and which is ignored.
 */
export const objectSource: AppSource<S3Notification> = {
  recognise(event) {
    if (isS3Records(event.Records)) return { kind: 'records', records: event.Records };
    return event.Event === 's3:TestEvent' ? { kind: 'test' } : undefined;
  },

  dispatcher({ object: objects }, tools) {
    const dispatch = new ObjectDispatch(objects, tools);
    return async (notification, lambdaContext) => {
      if (notification.kind === 'test') {
        tools.logger.info('s3:TestEvent ignored');
        return undefined;
      }
      return dispatch.records(notification.records, 's3', lambdaContext);
    };
  },
};
