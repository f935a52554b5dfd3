import { z } from 'zod';
import { eventSource, eventTriggerSchema, type EventRegistration } from './event.js';
import { objectSource, objectTriggerSchema, type ObjectRegistration } from './object.js';
import { queueSource, queueTriggerSchema, type QueueRegistration } from './queue.js';
import { scheduleSource, scheduleTriggerSchema, type ScheduleRegistration } from './schedule.js';
import type { AppSource } from './source.js';
import { streamSource, streamTriggerSchema, type StreamRegistration } from './stream.js';
import { taskSource, type TaskRegistration } from './task.js';
import { topicSource, topicTriggerSchema, type TopicRegistration } from './topic.js';

/**
 * The event sources of an app, one module each. A source has one name on both sides, its trigger `kind`:
 *
 * | kind       | registered with | the event it recognises (AWS)                  | infra construct                                  |
 * | ---------- | --------------- | ---------------------------------------------- | ------------------------------------------------ |
 * | `task`     | `onTask`        | a sosw task: `task_id` (the orchestrator's)    | (none: the orchestrator invokes the labourer)    |
 * | `schedule` | `onSchedule`    | `{ sosw_schedule, payload }` (EventBridge Scheduler) | `triggers/schedule-source.ts`, `ScheduleSource` |
 * | `queue`    | `onQueue`       | an SQS batch (`aws:sqs`)                       | `triggers/queue-source.ts`, `QueueSource`        |
 * | `topic`    | `onTopic`       | SNS records (`aws:sns`)                        | `triggers/topic-source.ts`, `TopicSource`        |
 * | `object`   | `onObject`      | S3 records (`aws:s3`), `s3:TestEvent`; also S3 notifications in SQS and SNS messages | `triggers/object-source.ts`, `ObjectSource` |
 * | `stream`   | `onStream`      | a DynamoDB stream batch (`aws:dynamodb`)       | `triggers/stream-source.ts`, `StreamSource`      |
 * | `event`    | `onEvent`       | an EventBridge event (`detail-type`, `source`, `detail`) | `triggers/event-source.ts`, `EventRuleSource` |
 *
 * AWS's own names (SQS, SNS, S3, DynamoDB, EventBridge) appear only where they describe what AWS sends:
 * error messages (`an SQS message from queue ...`) and `ObjectContext.delivery` (`'sqs'`, `'sns-in-sqs'`, ...).
 *
 * A new source is a module here: its trigger schema, its registration, its `AppSource`; then a line in each
 * list below, and its `on<Kind>` method on `SoswApp`.
 */

/**
 * One trigger of a worker: what starts it besides the orchestrator. It is the single declaration both the
 * SDK (`defineApp().onQueue(...)`, which dispatches events) and the infra (which creates the wiring) read.
 * A worker's `src/app.ts` builds a `SoswApp`; `app.triggers` is a list of these, plain data, so `infra/`
 * can synthesise an event source mapping, a subscription or a rule from it without running any handler.
 * `name` is the logical name a function is registered under, unique within a worker.
 */
export const triggerSchema = z.discriminatedUnion('kind', [
  scheduleTriggerSchema,
  queueTriggerSchema,
  topicTriggerSchema,
  objectTriggerSchema,
  streamTriggerSchema,
  eventTriggerSchema,
]);

/** A validated trigger, defaults filled in. */
export type Trigger = z.output<typeof triggerSchema>;
/** A trigger as a user writes it (defaults optional). */
export type TriggerInput = z.input<typeof triggerSchema>;
export type TriggerKind = Trigger['kind'];

/** The functions an app has registered, by source kind, in registration order. */
export interface AppRegistrations {
  task: TaskRegistration[];
  schedule: ScheduleRegistration[];
  queue: QueueRegistration[];
  topic: TopicRegistration[];
  object: ObjectRegistration[];
  stream: StreamRegistration[];
  event: EventRegistration[];
}

/** Every source of an app, by kind. */
export type SourceKind = keyof AppRegistrations;

/** No registrations yet: what a new app starts with. */
export function noRegistrations(): AppRegistrations {
  return { task: [], schedule: [], queue: [], topic: [], object: [], stream: [], event: [] };
}

/** The event type a source recognises and dispatches. */
type EventOf<S> = S extends AppSource<infer E> ? E : never;

const sources = {
  task: taskSource,
  schedule: scheduleSource,
  queue: queueSource,
  topic: topicSource,
  object: objectSource,
  stream: streamSource,
  event: eventSource,
};

/** What each source recognises: `queue` an `SQSEvent`, ... */
export type SourceEvents = { [K in SourceKind]: EventOf<(typeof sources)[K]> };

/**
 * Every source, by kind, in the order they are asked to recognise an event: the first that does gets
 * it. The record batches are told apart by their records' `eventSource`, so their order among themselves
 * does not matter; a sosw task or schedule is recognised before anything else, EventBridge's shape last.
 */
export const APP_SOURCES: Readonly<{ [K in SourceKind]: AppSource<SourceEvents[K]> }> = sources;

/** The kinds of source, in the order they are asked to recognise an event. */
export const SOURCE_KINDS = Object.keys(APP_SOURCES) as readonly SourceKind[];
