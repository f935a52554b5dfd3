import type { Schema } from '@sosw/core';
import type {
  DynamoDBRecord,
  EventBridgeEvent,
  S3EventRecord,
  SNSEventRecord,
  SNSMessageAttributes,
} from 'aws-lambda';
import type { PayloadReaderOptions } from '../payload-reader.js';
import type { DeadLetterCallback, DefineQueueWorkerOptions } from '../queue-worker.js';
import type { BaseContext, InputOf, WorkerLogger } from '../types.js';
import type { EventPattern } from './event-pattern.js';
import type { ObjectNotice } from './s3-notification.js';
import type {
  EventTrigger,
  ObjectTrigger,
  QueueTrigger,
  ScheduleTrigger,
  StreamTrigger,
  TopicTrigger,
  TriggerInput,
} from './triggers.js';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** A trigger's own options as a user writes them: its schema's input without `kind` and the naming fields. */
type TriggerOptions<K extends TriggerInput['kind'], Omitted extends string = never> = Omit<
  Extract<TriggerInput, { kind: K }>,
  'kind' | 'name' | Omitted
>;

/** A rejection: an event or record the app dropped for good (invalid, or its handler threw a `FatalError`). */
export interface Rejection {
  /** The kind of trigger whose handler rejected it. */
  kind: 'schedule' | 'topic' | 'object' | 'stream' | 'event';
  /** The trigger's name. */
  trigger: string;
  /** What was rejected: the schedule event, the SNS record, the S3 record, the stream record, the EventBridge event. */
  event: unknown;
  error: unknown;
}

/** Options of {@link defineApp}: what every handler of the app shares. */
export interface DefineAppOptions {
  /** The logger's service name; default `AWS_LAMBDA_FUNCTION_NAME`, else `sosw_app`. */
  name?: string;
  /** The logger; default a Powertools `Logger`, made when the handler is built. */
  logger?: WorkerLogger;
  /** How messages are decoded: the codec, and the offloader whose bucket and prefix offloaded payloads may come from. */
  payloads?: PayloadReaderOptions;
  /** The SQS client of queue handlers (`ChangeMessageVisibility`); default `new SQSClient({})` when first needed. */
  sqs?: SQSClient;
  /**
   * Gets every event or record a schedule, topic, object, stream or event handler rejected for good
   * (invalid, or `FatalError`) before it is dropped. If it throws, the event fails instead (and is retried),
   * so nothing is lost. Queue handlers have their own `deadLetter` option.
   */
  rejected?: (rejection: Rejection) => Promise<void> | void;
}

/** The schema option every payload-carrying trigger takes. */
interface WithSchema<S extends Schema | undefined> {
  /** A zod schema of the payload; a payload that fails it is rejected for good, naming the field. */
  schema?: S;
}

/** Options of `onSchedule`: the trigger's (`expression` required) and a `schema` of the payload. */
export type ScheduleOptions<S extends Schema | undefined = undefined> = TriggerOptions<'schedule'> &
  WithSchema<S>;

/** Options of `onQueue`: the trigger's, and those of `defineQueueWorker` that make sense per queue. */
export type QueueOptions<S extends Schema | undefined = undefined> = TriggerOptions<'queue'> &
  Pick<DefineQueueWorkerOptions<S>, 'schema' | 'mediaTypes' | 'concurrency'> & {
    /** Gets each record rejected for good before it is dropped from the queue; if it throws, the record fails. */
    deadLetter?: DeadLetterCallback;
  };

/** Options of `onTopic`: the trigger's and a `schema` of the message. */
export type TopicOptions<S extends Schema | undefined = undefined> = TriggerOptions<'topic'> & WithSchema<S>;

/** Options of `onObject`: the trigger's (`events` required). The bucket is the first argument. */
export type ObjectOptions = TriggerOptions<'object', 'bucket'>;

/** Options of `onStream`: the trigger's. The table is the first argument. */
export type StreamOptions = TriggerOptions<'stream', 'table'>;

/** Options of `onEvent`: `name` (required), `eventBus`, and a `schema` of the event's `detail`. */
export type EventOptions<S extends Schema | undefined = undefined> = Omit<
  Extract<TriggerInput, { kind: 'event' }>,
  'kind' | 'pattern'
> &
  WithSchema<S>;

/** What a schedule handler receives besides the payload. */
export interface ScheduleContext extends BaseContext {
  trigger: ScheduleTrigger;
  /** The event as it arrived: `{ sosw_schedule, payload }`. */
  event: Record<string, unknown>;
}

/** What a topic handler receives besides the message. */
export interface TopicContext extends BaseContext {
  trigger: TopicTrigger;
  /** The SNS record. */
  record: SNSEventRecord;
  topicArn: string;
  messageId: string;
  subject: string | undefined;
  attributes: SNSMessageAttributes;
}

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

/** What a stream handler receives besides the record. */
export interface StreamContext extends BaseContext {
  trigger: StreamTrigger;
  /** `INSERT`, `MODIFY` or `REMOVE`. */
  eventName: DynamoDBRecord['eventName'];
  /** The record's `dynamodb.SequenceNumber`: what a failure reports. */
  sequenceNumber: string;
}

/** What an EventBridge handler receives besides the event. */
export interface EventContext extends BaseContext {
  trigger: EventTrigger;
  /** The event as it arrived, `detail` not yet parsed. */
  raw: EventBridgeEvent<string, unknown>;
}

/** The work for one scheduled run. */
export type ScheduleFunction<S extends Schema | undefined> = (
  payload: InputOf<S>,
  context: ScheduleContext,
) => unknown;

/** The work for one SNS message. */
export type TopicFunction<S extends Schema | undefined> = (
  message: InputOf<S>,
  context: TopicContext,
) => unknown;

/** The work for one S3 object notice. */
export type ObjectFunction = (object: ObjectNotice, context: ObjectContext) => unknown;

/** The work for one DynamoDB stream record. */
export type StreamFunction = (record: DynamoDBRecord, context: StreamContext) => unknown;

/** The work for one EventBridge event; its `detail` is the schema's output. */
export type EventFunction<S extends Schema | undefined> = (
  event: EventBridgeEvent<string, InputOf<S>>,
  context: EventContext,
) => unknown;

export type { EventPattern, QueueTrigger };
